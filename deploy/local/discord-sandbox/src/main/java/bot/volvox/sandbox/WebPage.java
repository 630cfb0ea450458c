package bot.volvox.sandbox;

import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The sandbox's web page ({@code /sandbox/ui/}): one self-contained HTML file that drives the /sandbox API. */
final class WebPage {
    private static final String HTML = load();

    private WebPage() {
    }

    private static String load() {
        try (InputStream in = WebPage.class.getResourceAsStream("ui/index.html")) {
            if (in == null) {
                throw new IllegalStateException("ui/index.html is missing from the sandbox's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void serve(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(HTML);
    }
}
