package bot.volvox.analytics;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.local.testing.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class HealthTest extends ServiceHealthContract {
}
