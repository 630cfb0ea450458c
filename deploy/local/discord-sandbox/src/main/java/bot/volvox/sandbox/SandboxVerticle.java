package bot.volvox.sandbox;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The sandbox's one context: its HTTP server (REST API, gateway WebSocket, {@code /sandbox} API and web page) is
 * created here, so every request, frame and state change runs on this verticle's event-loop thread, one at a
 * time, without locks. Other threads hand their acts over through {@link #runOnContext}.
 */
final class SandboxVerticle extends AbstractVerticle {
    private final int requestedPort;
    private final RestApi rest;
    private final Gateway gateway;
    private volatile Thread contextThread;
    private volatile HttpServer server;
    private volatile SandboxHttpApi sandboxApi;

    SandboxVerticle(int requestedPort, RestApi rest, Gateway gateway) {
        this.requestedPort = requestedPort;
        this.rest = rest;
        this.gateway = gateway;
    }

    @Override
    public void start(Promise<Void> started) {
        contextThread = Thread.currentThread();
        Router router = Router.router(vertx);
        // files arrive as multipart/form-data with payload_json, as Discord takes them; kept only for the request
        router.route().handler(BodyHandler.create(true).setBodyLimit(25L * 1024 * 1024)
                .setUploadsDirectory(System.getProperty("java.io.tmpdir") + "/volvox-sandbox-uploads")
                .setDeleteUploadedFilesOnEnd(true));
        router.route(RestApi.PREFIX + "*").subRouter(rest.router(vertx));
        router.get("/").handler(ctx -> ctx.redirect("/sandbox/ui/"));
        router.get("/sandbox/ui/").handler(WebPage::serve);
        router.route("/sandbox*").handler(ctx -> sandboxApi.handle(ctx));
        vertx.createHttpServer(new HttpServerOptions()
                        .setHost("127.0.0.1")
                        .setPort(requestedPort)
                        .setMaxWebSocketFrameSize(16 * 1024 * 1024)
                        .setMaxWebSocketMessageSize(16 * 1024 * 1024))
                .webSocketHandler(gateway::accept)
                .requestHandler(router)
                .listen()
                .onSuccess(listening -> {
                    server = listening;
                    started.complete();
                })
                .onFailure(started::fail);
    }

    /** Set once, right after start and before the port is handed to anyone. */
    void serveSandboxApi(SandboxHttpApi api) {
        this.sandboxApi = api;
    }

    int port() {
        return server.actualPort();
    }

    boolean isOnContext() {
        return Thread.currentThread() == contextThread;
    }

    void runOnContext(Runnable action) {
        context.runOnContext(ignored -> action.run());
    }
}
