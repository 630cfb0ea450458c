package bot.volvox.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.sandbox.InteractionState;

import static org.awaitility.Awaitility.await;

/**
 * What a busy guild does, at a steady pace, until closed: every tick (250 ms) a moderator's {@code /warn} and a member's
 * message; every 4th tick an owner's {@code /remind me} due 3 s later, a reaction, and a voice join or leave. Every
 * command and reminder carries the load's tag, so what the system did with them can be counted afterwards.
 */
final class SteadyLoad implements AutoCloseable {
    static final Duration TICK = Duration.ofMillis(250);
    /**
     * What the gateway answers when Kafka did not take an interaction within its delivery timeout: the user is told
     * that nothing was done, so such a /warn rightly has no case.
     */
    static final String NOTHING_WAS_DONE = "so nothing was done";

    private final WholeSystem system;
    private final DiscordSandbox sandbox;
    private final String tag;
    /** The members the load warns and talks with: its own, since other tests ban and kick the demo members. */
    private final String target;
    private final String talker;
    private final List<String> warns = new CopyOnWriteArrayList<>();
    private final List<String> reminders = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private SteadyLoad(WholeSystem system, String tag) {
        this.system = system;
        this.sandbox = system.sandbox();
        this.tag = tag;
        this.target = sandbox.memberJoin("warned-" + tag);
        this.talker = sandbox.memberJoin("talker-" + tag);
        this.thread = new Thread(this::run, "steady-load-" + tag);
    }

    static SteadyLoad start(WholeSystem system, String tag) {
        SteadyLoad load = new SteadyLoad(system, tag);
        load.thread.start();
        return load;
    }

    private void run() {
        long next = System.nanoTime();
        for (int tick = 0; running.get(); tick++) {
            warns.add(sandbox.runSlashCommand("moderator", "general", "warn",
                    Map.of("user", target, "reason", tag + " #" + tick)));
            String said = sandbox.sendMessage(talker, "general", tag + " m" + tick);
            if (tick % 4 == 0) {
                reminders.add(sandbox.runSlashCommand("owner", "general", "remind me",
                        Map.of("when", "in 3 seconds", "message", tag + " r" + tick)));
                sandbox.react(talker, said, "👍");
                if (tick % 8 == 0) {
                    sandbox.joinVoice(talker, "Lounge");
                } else {
                    sandbox.leaveVoice(talker);
                }
            }
            // pacing a load generator, not waiting for a result
            next += TICK.toNanos();
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
    }

    /** Waits until the load has run {@code count} more commands (about 4 per second). */
    void awaitMoreCommands(int count) {
        int target = warns.size() + count;
        await().atMost(Duration.ofSeconds(count)).until(() -> warns.size() >= target);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    /**
     * What became of the load, once every acknowledged command had up to {@code patience} to be answered and every
     * accepted reminder to arrive.
     */
    Outcome outcome(Duration patience) throws SQLException {
        List<String> acknowledged = warns.stream().filter(id -> sandbox.interaction(id).acknowledged()).toList();
        List<String> all = new java.util.ArrayList<>(acknowledged);
        reminders.stream().filter(id -> sandbox.interaction(id).acknowledged()).forEach(all::add);
        try {
            await().atMost(patience).until(() -> all.stream().allMatch(this::answered));
        } catch (org.awaitility.core.ConditionTimeoutException stillMissing) {
            // counted as lost below
        }
        long answered = all.stream().filter(this::answered).count();
        long duplicates = all.stream().filter(id -> answers(id) > 1).count();
        long accepted = count("SELECT count(*) FROM reminders WHERE message LIKE ? || ' r%'");
        try {
            await().atMost(patience).until(() -> reminderDms() >= accepted);
        } catch (org.awaitility.core.ConditionTimeoutException stillMissing) {
            // counted below
        }
        Set<String> reasonsWithACase = reasonsWithACase();
        long refused = 0;
        List<String> missingCases = new java.util.ArrayList<>();
        for (int tick = 0; tick < warns.size(); tick++) {
            String id = warns.get(tick);
            if (!acknowledged.contains(id) || reasonsWithACase.contains(tag + " #" + tick)) {
                continue;
            }
            String answer = answer(id);
            if (answer != null && answer.contains(NOTHING_WAS_DONE)) {
                refused++;
            } else {
                missingCases.add("#" + tick + " answered " + answer);
            }
        }
        return new Outcome(warns.size() + reminders.size(), all.size(), answered, duplicates, cases(),
                distinctCaseNumbers(), acknowledged.size(), refused, missingCases, accepted, reminderDms(),
                distinctReminderDms());
    }

    private Set<String> reasonsWithACase() throws SQLException {
        Set<String> reasons = new java.util.HashSet<>();
        try (Connection db = system.database();
                PreparedStatement query = db.prepareStatement(
                        "SELECT reason FROM mod_cases WHERE action = 'warn' AND reason LIKE ? || ' #%'")) {
            query.setString(1, tag);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    reasons.add(rows.getString(1));
                }
            }
        }
        return reasons;
    }

    private boolean answered(String interactionId) {
        return answer(interactionId) != null;
    }

    private String answer(String interactionId) {
        InteractionState state = sandbox.interaction(interactionId);
        return state.originalContent() != null ? state.originalContent()
                : state.followups().isEmpty() ? state.callbackContent() : state.followups().get(0).content();
    }

    /**
     * The answers the user sees: each successful post on the interaction's webhook is a message, while edits of the
     * deferred reply ({@code PATCH @original}, repeated when a gateway died mid-answer) are all one message.
     */
    private long answers(String interactionId) {
        String token = sandbox.interaction(interactionId).token();
        var calls = sandbox.calls().stream().filter(call -> call.path().startsWith("webhooks/")
                && call.path().contains(token) && call.status() < 300).toList();
        long posts = calls.stream().filter(call -> call.method().equals("POST")).count();
        boolean edited = calls.stream().anyMatch(call -> call.method().equals("PATCH"));
        return posts + (edited ? 1 : 0);
    }

    private long reminderDms() {
        return sandbox.directMessages("owner").stream().filter(dm -> (dm.content() + dm.embeds()).contains(tag + " r"))
                .count();
    }

    private long distinctReminderDms() {
        return sandbox.directMessages("owner").stream().map(dm -> dm.content() + dm.embeds())
                .filter(text -> text.contains(tag + " r"))
                .map(text -> text.replaceAll("(?s).*(" + java.util.regex.Pattern.quote(tag) + " r\\d+).*", "$1"))
                .distinct().count();
    }

    private long cases() throws SQLException {
        return count("SELECT count(*) FROM mod_cases WHERE action = 'warn' AND reason LIKE ? || ' #%'");
    }

    private long distinctCaseNumbers() throws SQLException {
        return count("SELECT count(DISTINCT case_number) FROM mod_cases WHERE action = 'warn' AND reason LIKE ? || ' #%'");
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = system.database(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tag);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /**
     * @param commands        commands the users ran
     * @param acknowledged    commands the gateway deferred (the others met a dead gateway, as Discord users would)
     * @param answered        acknowledged commands with an answer
     * @param duplicates      commands answered more than once
     * @param cases           warn cases written for the load
     * @param caseNumbers     distinct case numbers among them
     * @param warns           acknowledged /warn commands
     * @param refused         acknowledged /warn commands the gateway answered "nothing was done" (Kafka did not take them)
     * @param missingCases    acknowledged /warn commands with neither a case nor that answer, with their answers
     * @param reminders       reminders the scheduler stored
     * @param reminderDms     reminder DMs that arrived
     * @param distinctReminderDms distinct reminders among them
     */
    record Outcome(long commands, long acknowledged, long answered, long duplicates, long cases, long caseNumbers,
                   long warns, long refused, List<String> missingCases, long reminders, long reminderDms, long distinctReminderDms) {
        long lost() {
            return acknowledged - answered;
        }
    }
}
