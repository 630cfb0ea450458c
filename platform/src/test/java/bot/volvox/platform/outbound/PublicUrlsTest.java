package bot.volvox.platform.outbound;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PublicUrlsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://93.184.215.14/hook              | allowed
            https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook | allowed
            http://93.184.215.14/hook               | must start with https://
            ftp://93.184.215.14/file                | must start with https://
            https://user:pw@93.184.215.14/hook      | must not contain a user name or password
            https://localhost/hook                  | must not point to a local or internal host
            https://metadata.google.internal/       | must not point to a local or internal host
            https://127.0.0.1/hook                  | must not point to a private
            https://127.1/hook                      | has no host
            https://10.1.2.3/hook                   | must not point to a private
            https://172.16.0.1/hook                 | must not point to a private
            https://192.168.1.1/hook                | must not point to a private
            https://169.254.169.254/latest/meta-data | must not point to a private
            https://100.64.0.1/hook                 | must not point to a private
            https://0.0.0.0/hook                    | must not point to a private
            https://[::1]/hook                      | must not point to a private
            https://[fd00::1]/hook                  | must not point to a private
            https://[fe80::1]/hook                  | must not point to a private
            https://[::ffff:127.0.0.1]/hook         | must not point to a private
            https://[::ffff:10.0.0.1]/hook          | must not point to a private
            not a url at all                        | is not a valid URL
            https:///no-host                        | has no host
            """)
    void onlyHttpsToPublicAddresses(String url, String expected) {
        String verdict = PublicUrls.refusal(url).orElse("allowed");
        assertThat(verdict).startsWith(expected);
    }
}
