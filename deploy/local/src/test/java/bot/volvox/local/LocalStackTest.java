package bot.volvox.local;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackTest {

    @Test
    void sharesOneSetOfServersPerJvm() throws Exception {
        LocalStack first = LocalStack.forTests();
        LocalStack second = LocalStack.forTests();
        assertThat(second).isSameAs(first);

        first.postgres().createDatabase("shared_check");
        try (Connection connection = first.postgres().connect("shared_check");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(170000);
        }
        assertThat(Ports.isListening(first.kafka().port())).isTrue();
        assertThat(first.redis()).hasValueSatisfying(redis -> assertThat(redis.ping()).isTrue());
    }

    @Test
    void aSecondCopyOfTheClassInAnotherClassLoaderReusesTheRunningServers() throws Exception {
        LocalStack original = LocalStack.forTests();
        long processesBefore = ProcessHandle.current().descendants().count();

        URL classes = LocalStack.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new ChildFirstLoader(new URL[]{classes}, LocalStack.class.getClassLoader())) {
            Class<?> copy = isolated.loadClass(LocalStack.class.getName());
            assertThat(copy).isNotSameAs(LocalStack.class);
            Object stack = copy.getMethod("forTests").invoke(null);
            Object postgres = copy.getMethod("postgres").invoke(stack);
            Object kafka = copy.getMethod("kafka").invoke(stack);
            assertThat(postgres.getClass().getMethod("port").invoke(postgres)).isEqualTo(original.postgres().port());
            assertThat(kafka.getClass().getMethod("bootstrapServers").invoke(kafka)).isEqualTo(original.kafka().bootstrapServers());
        }
        assertThat(ProcessHandle.current().descendants().count()).as("child processes").isEqualTo(processesBefore);
    }

    /** Loads bot.volvox.local classes itself, as Quarkus's class loaders do, and the rest from its parent. */
    private static final class ChildFirstLoader extends URLClassLoader {
        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("bot.volvox.local.") && !name.endsWith("Test") && !name.contains("Test$")) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
                return super.loadClass(name, resolve);
            }
        }
    }
}
