package bot.volvox.scheduler;

import bot.volvox.scheduler.claims.ActionPublisher;
import bot.volvox.scheduler.claims.SchedulerLoop;
import io.quarkus.arc.Arc;

/** The application's beans, for tests that drive the loop directly. */
final class SchedulerTestSupport {

    private SchedulerTestSupport() {
    }

    static SchedulerLoop loop() {
        return Arc.container().instance(SchedulerLoop.class).get();
    }

    static ActionPublisher publisher() {
        return Arc.container().instance(ActionPublisher.class).get();
    }
}
