package bot.volvox.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsTest {

    @Test
    void namesTheBuildCommandWhenTheToolIsMissing() {
        String previous = System.setProperty(Migrations.JAR_PROPERTY, "target/no-such-dir/quarkus-run.jar");
        try {
            assertThatThrownBy(() -> Migrations.apply("postgresql://postgres:postgres@127.0.0.1:1/none"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no-such-dir/quarkus-run.jar is missing")
                    .hasMessageContaining("./mvnw -pl db-migrations package");
        } finally {
            if (previous == null) {
                System.clearProperty(Migrations.JAR_PROPERTY);
            } else {
                System.setProperty(Migrations.JAR_PROPERTY, previous);
            }
        }
    }
}
