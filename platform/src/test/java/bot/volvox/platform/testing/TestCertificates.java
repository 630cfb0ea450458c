package bot.volvox.platform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throw-away CA and a localhost server certificate it signed, made with the openssl CLI. */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path caKey = dir.resolve("ca.key");
        Path ca = dir.resolve("ca.pem");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path cert = dir.resolve("server.pem");
        Path ext = Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Volvox Test CA",
                "-keyout", caKey.toString(), "-out", ca.toString());
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", key.toString(), "-out", csr.toString());
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", cert.toString());
        // PostgreSQL refuses a key file others can read
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return new TestCertificates(ca, cert, key);
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("openssl " + args[0] + " failed: " + Files.readString(dir.resolve("openssl.log")));
        }
    }
}
