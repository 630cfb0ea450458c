package bot.volvox.gateway;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.local.testing.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SandboxTestResource.class, restrictToAnnotatedClass = false)
class HealthTest extends ServiceHealthContract {
}
