package bot.volvox.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Every REST call the bot made, in order, with one-shot listeners that a long poll (or a test waiting from
 * another thread) registers to hear of the next call. Confined to the sandbox's context like the state.
 */
final class CallLog {
    private final List<RecordedCall> calls = new ArrayList<>();
    private List<Runnable> listeners = new ArrayList<>();

    void add(RecordedCall call) {
        long seq = calls.isEmpty() ? 1 : calls.get(calls.size() - 1).seq() + 1;
        calls.add(new RecordedCall(seq, call.method(), call.path(), call.query(), call.route(), call.body(),
                call.headers(), call.status(), call.errorCode(), call.at()));
        List<Runnable> waiting = listeners;
        listeners = new ArrayList<>();
        waiting.forEach(Runnable::run);
    }

    List<RecordedCall> all() {
        return List.copyOf(calls);
    }

    List<RecordedCall> since(long afterSeq) {
        return calls.stream().filter(call -> call.seq() > afterSeq).toList();
    }

    long lastSeq() {
        return calls.isEmpty() ? 0 : calls.get(calls.size() - 1).seq();
    }

    /** Runs {@code listener} once, at the next call. */
    void onNextCall(Runnable listener) {
        listeners.add(listener);
    }

    void clear() {
        calls.clear();
    }
}
