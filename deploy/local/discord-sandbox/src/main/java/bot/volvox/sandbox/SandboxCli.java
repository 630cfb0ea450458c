package bot.volvox.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Acts as a demo user against a running sandbox over its {@code /sandbox} HTTP API, e.g.
 * {@code SandboxCli say general "hello bot"}, {@code SandboxCli slash warn user=bob reason=spam}.
 */
@Command(name = "./volvox demo", mixinStandardHelpOptions = true,
        description = "Act as a user of the local Discord sandbox and watch what the bot does.",
        subcommands = {SandboxCli.Say.class, SandboxCli.Slash.class, SandboxCli.React.class, SandboxCli.Voice.class,
                SandboxCli.Log.class, SandboxCli.Watch.class, SandboxCli.Messages.class, SandboxCli.Reset.class,
                CommandLine.HelpCommand.class})
public final class SandboxCli {
    /** One example of the demo: what it shows and its arguments after {@code ./volvox demo}. */
    public record Example(String shows, List<String> args) {
        /** As typed in a shell. */
        public String commandLine() {
            StringBuilder line = new StringBuilder("./volvox demo");
            for (String arg : args) {
                int eq = arg.indexOf('=');
                String value = eq < 0 ? arg : arg.substring(eq + 1);
                boolean quote = value.contains(" ");
                line.append(' ').append(quote ? (eq < 0 ? "\"" + arg + "\"" : arg.substring(0, eq + 1) + "\"" + value
                        + "\"") : arg);
            }
            return line.toString();
        }
    }

    /**
     * The examples that {@code ./volvox run} and {@code ./volvox demo help} print. The demo guild is configured so
     * that each of them works (DemoGuildSetup in deploy/local); the end-to-end tests run every one.
     */
    public static final List<Example> EXAMPLES = List.of(
            new Example("post a message", List.of("say", "general", "hello bot")),
            new Example("a moderator warns bob", List.of("--as", "moderator", "slash", "warn", "user=bob",
                    "reason=spam")),
            new Example("a reminder", List.of("slash", "remind", "me", "when=in 10 minutes", "message=stretch")),
            new Example("an announcement", List.of("--as", "moderator", "slash", "announce", "once",
                    "time=in 2h", "channel=announcements", "message=Game night at 8")),
            new Example("the bot's latency", List.of("slash", "ping")),
            new Example("what a member may run", List.of("slash", "help")),
            new Example("uptime and services", List.of("--as", "admin", "slash", "status")),
            new Example("what the bot does, live (Ctrl-C stops)", List.of("watch")));

    /** The examples, one per line, aligned as {@code ./volvox run} prints them. */
    public static String examplesText(String indent) {
        int width = EXAMPLES.stream().mapToInt(e -> e.commandLine().length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (Example example : EXAMPLES) {
            text.append(indent).append(String.format("%-" + width + "s   (%s)%n", example.commandLine(), example.shows()));
        }
        return text.toString();
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "58080", description = "Sandbox port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--as", defaultValue = "alice",
            description = "Demo user to act as: owner, admin, moderator, alice, bob, carol (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--follow-ms", defaultValue = "2000",
            description = "After acting, show the bot's calls until it has been quiet this long (default: ${DEFAULT-VALUE}).")
    long followMs;

    /**
     * HTTP/1.1: the JDK client otherwise asks each new connection to upgrade to HTTP/2 (h2c), and a large answer to
     * that first request (the whole call log of a long run, 7.6 MB) once came back as bytes the client could not read
     * as HTTP/2 frames ("Frame type(58) … exceeds MAX_FRAME_SIZE").
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The demo command line; its usage ends with the examples, one per line (not wrapped like other sections). */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SandboxCli());
        String examples = "examples";
        commandLine.getHelpSectionMap().put(examples, help -> String.format(
                "%nExamples (./volvox run configures the demo guild for them):%n%s", examplesText("  ")));
        List<String> sections = new java.util.ArrayList<>(commandLine.getHelpSectionKeys());
        sections.add(examples);
        commandLine.setHelpSectionKeys(sections);
        return commandLine;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** How long a slash command waits for the bot's answer (Discord's own patience for a deferred reply is 15 min). */
    private static final long ANSWER_WITHIN_MS = 20_000;

    /** Longest single wait for the bot's calls; well under the HTTP timeout below. */
    private static final long LONG_POLL_MS = 5_000;

    Object call(String method, String path, JsonObject body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox" + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body().trim();
            if (response.statusCode() >= 400) {
                throw new CommandLine.ExecutionException(new CommandLine(this), "Sandbox answered "
                        + response.statusCode() + ": " + text);
            }
            return text.startsWith("[") ? new JsonArray(text) : new JsonObject(text);
        } catch (ConnectException e) {
            throw new CommandLine.ExecutionException(new CommandLine(this), "No sandbox on 127.0.0.1:" + port
                    + " (start it with ./volvox up, or SandboxMain " + port + ")");
        } catch (IOException e) {
            throw new CommandLine.ExecutionException(new CommandLine(this), "Sandbox call failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandLine.ExecutionException(new CommandLine(this), "Interrupted");
        }
    }

    long lastSeq() {
        JsonArray calls = (JsonArray) call("GET", "/calls", null);
        return calls.isEmpty() ? 0 : calls.getJsonObject(calls.size() - 1).getLong("seq");
    }

    /** Prints the bot's REST calls after {@code since} for up to {@code quietMs} of silence; returns the last seq. */
    long follow(long since, long quietMs, long maxMs) {
        long start = System.currentTimeMillis();
        long lastActivity = start;
        while (true) {
            long now = System.currentTimeMillis();
            long wait = Math.min(Math.min(quietMs - (now - lastActivity), maxMs - (now - start)), LONG_POLL_MS);
            if (wait <= 0) {
                return since;
            }
            // a long poll: the sandbox answers as soon as the bot makes a call, or after `wait` ms without one
            JsonArray calls = (JsonArray) call("GET", "/calls?since=" + since + "&waitMs=" + wait, null);
            for (int i = 0; i < calls.size(); i++) {
                JsonObject call = calls.getJsonObject(i);
                out().println("  bot -> " + describe(call));
                since = call.getLong("seq");
                lastActivity = System.currentTimeMillis();
            }
        }
    }

    static String describe(JsonObject call) {
        String body = call.getString("body", "");
        if (body.length() > 160) {
            body = body.substring(0, 157) + "...";
        }
        String reason = call.getJsonObject("headers", new JsonObject()).getString("X-Audit-Log-Reason");
        return "#" + call.getLong("seq") + " " + call.getString("method") + " /" + call.getString("path") + " -> "
                + call.getInteger("status") + (call.getInteger("errorCode", 0) != 0 ? " (code "
                + call.getInteger("errorCode") + ")" : "") + (reason == null ? "" : " [reason: " + reason + "]")
                + (body.isEmpty() ? "" : " " + body);
    }

    @Command(name = "say", description = "Post a message in a channel as the demo user.")
    static final class Say implements Callable<Integer> {
        @ParentCommand SandboxCli cli;
        @Parameters(index = "0", description = "Channel: general, announcements, mod-log or an id.") String channel;
        @Parameters(index = "1..*", arity = "1..*", description = "Message text.") List<String> words;

        @Override
        public Integer call() {
            long since = cli.lastSeq();
            JsonObject sent = (JsonObject) cli.call("POST", "/messages", new JsonObject().put("user", cli.user)
                    .put("channel", channel).put("content", String.join(" ", words)));
            cli.out().println(cli.user + " said in #" + channel + " (message " + sent.getString("id") + ")");
            cli.follow(since, cli.followMs, 15000);
            return 0;
        }
    }

    @Command(name = "slash", description = "Run a slash command, e.g. slash warn user=bob reason=\"spam links\".")
    static final class Slash implements Callable<Integer> {
        @ParentCommand SandboxCli cli;
        @Option(names = "--in", defaultValue = "general", description = "Channel (default: ${DEFAULT-VALUE}).")
        String channel;
        @Parameters(arity = "1..*", description = "Command name, optional subcommand words, then name=value options.")
        List<String> tokens;

        @Override
        public Integer call() {
            StringBuilder command = new StringBuilder();
            Map<String, Object> options = new LinkedHashMap<>();
            for (String token : tokens) {
                int eq = token.indexOf('=');
                if (eq > 0) {
                    options.put(token.substring(0, eq), token.substring(eq + 1));
                } else {
                    command.append(command.length() == 0 ? "" : " ").append(token);
                }
            }
            long since = cli.lastSeq();
            JsonObject started = (JsonObject) cli.call("POST", "/interactions/slash", new JsonObject()
                    .put("user", cli.user).put("channel", channel).put("command", command.toString())
                    .put("options", new JsonObject(options)));
            String id = started.getString("id");
            cli.out().println(cli.user + " ran /" + command + " " + options + " (interaction " + id + ")");
            since = cli.follow(since, cli.followMs, ANSWER_WITHIN_MS);
            JsonObject state = (JsonObject) cli.call("GET", "/interactions/" + id, null);
            // a busy bot may think for longer than the quiet period: wait for its answer, not just for silence
            long deadline = System.currentTimeMillis() + ANSWER_WITHIN_MS;
            while (!answered(state) && System.currentTimeMillis() < deadline) {
                since = cli.follow(since, 500, 1000);
                state = (JsonObject) cli.call("GET", "/interactions/" + id, null);
            }
            cli.out().println(state.getBoolean("acknowledged")
                    ? "  answered with callback type " + state.getInteger("callbackType") + " after "
                    + state.getLong("callbackElapsedMs") + " ms" + (state.getBoolean("ephemeral") ? " (ephemeral)" : "")
                    : "  the bot has not answered (Discord shows \"The application did not respond\" after 3 s)");
            if (state.getString("originalContent") != null) {
                cli.out().println("  reply: " + state.getString("originalContent"));
            }
            state.getJsonArray("followups").forEach(f -> cli.out().println("  follow-up: "
                    + ((JsonObject) f).getString("content")));
            return 0;
        }
    }

    /** Whether the bot gave its answer: a reply, an edit of its deferral, or a follow-up. */
    static boolean answered(JsonObject state) {
        return state.getString("originalContent") != null || state.getString("callbackContent") != null
                || !state.getJsonArray("followups", new JsonArray()).isEmpty();
    }

    @Command(name = "react", description = "Add a reaction to a message.")
    static final class React implements Callable<Integer> {
        @ParentCommand SandboxCli cli;
        @Parameters(index = "0", description = "Message id.") String messageId;
        @Parameters(index = "1", description = "Emoji, e.g. 👍 or name:id.") String emoji;

        @Override
        public Integer call() {
            long since = cli.lastSeq();
            cli.call("POST", "/reactions", new JsonObject().put("user", cli.user).put("message", messageId)
                    .put("emoji", emoji));
            cli.out().println(cli.user + " reacted " + emoji + " to " + messageId);
            cli.follow(since, cli.followMs, 10000);
            return 0;
        }
    }

    @Command(name = "voice", description = "Join or leave a voice channel: voice join [channel], voice leave.")
    static final class Voice implements Callable<Integer> {
        @ParentCommand SandboxCli cli;
        @Parameters(index = "0", description = "join or leave") String action;
        @Parameters(index = "1", defaultValue = "Lounge", description = "Voice channel (default: ${DEFAULT-VALUE}).")
        String channel;

        @Override
        public Integer call() {
            if (!action.equals("join") && !action.equals("leave")) {
                throw new CommandLine.ParameterException(new CommandLine(this), "voice takes join or leave, got "
                        + action);
            }
            cli.call("POST", "/voice", new JsonObject().put("user", cli.user)
                    .put("channel", action.equals("join") ? channel : null));
            cli.out().println(cli.user + (action.equals("join") ? " joined " + channel : " left voice"));
            return 0;
        }
    }

    @Command(name = "log", description = "Show the bot's REST calls (optionally after a sequence number).")
    static final class Log implements Callable<Integer> {
        @ParentCommand SandboxCli cli;
        @Option(names = "--since", defaultValue = "0", description = "Only calls after this sequence number.")
        long since;

        @Override
        public Integer call() {
            JsonArray calls = (JsonArray) cli.call("GET", "/calls?since=" + since, null);
            calls.forEach(c -> cli.out().println(describe((JsonObject) c)));
            return 0;
        }
    }

    @Command(name = "watch", description = "Follow the bot's REST calls live (Ctrl-C to stop).")
    static final class Watch implements Callable<Integer> {
        @ParentCommand SandboxCli cli;

        @Option(names = "--seconds", description = "Stop after this many seconds (default: until Ctrl-C).")
        Long seconds;

        @Override
        public Integer call() {
            long since = cli.lastSeq();
            cli.out().println("Watching the bot's calls from #" + since + (seconds == null ? " (Ctrl-C to stop)"
                    : " for " + seconds + " s"));
            long end = seconds == null ? Long.MAX_VALUE : System.currentTimeMillis() + seconds * 1000;
            while (System.currentTimeMillis() < end) {
                since = cli.follow(since, Long.MAX_VALUE, Math.min(60_000, end - System.currentTimeMillis()));
            }
            return 0;
        }
    }

    @Command(name = "messages", description = "Show the messages in a channel.")
    static final class Messages implements Callable<Integer> {
        @ParentCommand SandboxCli cli;
        @Parameters(index = "0", description = "Channel name or id.") String channel;

        @Override
        public Integer call() {
            JsonObject users = ((JsonObject) cli.call("GET", "", null)).getJsonObject("users");
            Map<String, String> names = new LinkedHashMap<>();
            users.forEach(entry -> names.put(String.valueOf(entry.getValue()), entry.getKey()));
            JsonArray messages = (JsonArray) cli.call("GET", "/channels/" + channel + "/messages", null);
            messages.forEach(m -> {
                JsonObject message = (JsonObject) m;
                String author = names.getOrDefault(message.getString("authorId"), message.getString("authorId"));
                cli.out().println(message.getString("id") + " " + author + ": " + message.getString("content")
                        + (message.getJsonObject("reactions").isEmpty() ? "" : "  " + message.getJsonObject("reactions")
                        .fieldNames()));
            });
            return 0;
        }
    }

    @Command(name = "reset", description = "Put the demo guild back to its starting state.")
    static final class Reset implements Callable<Integer> {
        @ParentCommand SandboxCli cli;

        @Override
        public Integer call() {
            cli.call("POST", "/reset", new JsonObject());
            cli.out().println("Sandbox reset");
            return 0;
        }
    }
}
