package bot.volvox.moderation;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.local.testing.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class HealthTest extends ServiceHealthContract {
}
