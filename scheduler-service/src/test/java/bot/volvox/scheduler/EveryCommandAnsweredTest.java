package bot.volvox.scheduler;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.testing.discord.EveryCommandAnsweredContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class EveryCommandAnsweredTest extends EveryCommandAnsweredContract {
}
