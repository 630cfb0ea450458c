package bot.volvox.local;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisServerTest {

    @Test
    void answersPingRefusesConnectionsWhenStoppedAndComesBackOnTheSamePort() {
        try (RedisServer redis = RedisServer.start(TestDirs.fresh("redis"), 0)) {
            int port = redis.port();
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(redis.ping()).isTrue();

            redis.stop();
            assertThat(redis.ping()).isFalse();
            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 1000))
                    .isInstanceOf(ConnectException.class);

            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.ping()).isTrue();
        }
    }

    @Test
    void requiresThePasswordItWasGiven() {
        try (RedisServer redis = RedisServer.start(TestDirs.fresh("redis-password"), 0,
                RedisServer.Settings.ephemeral().withPassword("s3cret"))) {
            assertThat(redis.url()).isEqualTo("redis://:s3cret@127.0.0.1:" + redis.port());
            assertThat(redis.ping()).isTrue();
            RedisServer withoutPassword = RedisServer.attach(TestDirs.fresh("redis-attach"), redis.port(), RedisServer.Settings.ephemeral());
            assertThat(withoutPassword.ping()).as("PING without AUTH").isFalse();
        }
    }
}
