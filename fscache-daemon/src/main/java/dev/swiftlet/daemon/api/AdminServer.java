package dev.swiftlet.daemon.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin HTTP server on a Unix domain socket ({@link ApiSocket}: 0600, possibly bound before the daemon
 * started its front end). Every request runs on a virtual thread of its own, never on the event loop (registration parses
 * bootstraps and may ask a registry for blob sizes) and never on the pools that fill kernel requests: the
 * snapshotter allows 2 s for {@code RUNNING} and 30 s for any call, so an answer must not wait for a worker
 * that a slow registry holds, nor for another request (a bind, {@code exit}) that takes long. Idle connections
 * are kept (nydus-snapshotter keeps one open).
 */
public final class AdminServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AdminServer.class.getName());
    /** Request bodies are small JSON documents; larger ones get a 413 and the connection is closed. */
    static final int MAX_BODY = BlobCacheEntries.MAX_DOCUMENT;

    private final ApiSocket socket;
    private final EventLoopGroup group;
    private final Channel channel;
    private final ExecutorService requests;

    private AdminServer(ApiSocket socket, EventLoopGroup group, Channel channel, ExecutorService requests) {
        this.socket = socket;
        this.group = group;
        this.channel = channel;
        this.requests = requests;
    }

    /** Binds {@code socket} (a stale socket file there is removed) and starts serving. */
    public static AdminServer start(Path socket, AdminRouter router) throws IOException {
        ApiSocket bound = ApiSocket.bind(socket);
        try {
            return start(bound, router);
        } catch (IOException | RuntimeException e) {
            bound.close();
            throw e;
        }
    }

    /**
     * Starts serving on a socket bound earlier; connections that waited in its backlog are answered now. On failure
     * the socket is left to the caller.
     */
    public static AdminServer start(ApiSocket bound, AdminRouter router) throws IOException {
        ExecutorService requests = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("swiftlet-api-", 0).factory());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            io.netty.channel.ChannelFactory<NioServerDomainSocketChannel> adopt =
                    () -> new NioServerDomainSocketChannel(bound.channel());
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channelFactory(adopt)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel c) {
                            c.pipeline()
                                    .addLast(
                                            new HttpServerCodec(),
                                            new JsonSizeLimit(MAX_BODY),
                                            new Handler(router, requests));
                        }
                    })
                    .register()
                    .sync()
                    .channel();
            LOG.log(System.Logger.Level.INFO, "admin API listening on {0}", bound.path());
            return new AdminServer(bound, group, ch, requests);
        } catch (InterruptedException e) {
            group.shutdownGracefully();
            requests.shutdown();
            Thread.currentThread().interrupt();
            throw new IOException("serve " + bound.path() + " interrupted", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully();
            requests.shutdown();
            throw new IOException("serve admin socket " + bound.path() + ": " + e.getMessage(), e);
        }
    }

    public Path socket() {
        return socket.path();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        // no quiet period: responses in flight were flushed by the channel close above
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        // requests still running (an exit's own answer among them) finish on their threads; new ones cannot arrive
        requests.shutdown();
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + socket.path(), e);
        }
    }

    /** nydusd's headers on every response: {@code Server: Nydus API} and the body's content type. */
    static FullHttpResponse response(ApiResponse r, boolean keepAlive) {
        FullHttpResponse resp = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()),
                Unpooled.copiedBuffer(r.body(), StandardCharsets.UTF_8));
        resp.headers().set(HttpHeaderNames.SERVER, "Nydus API");
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        HttpUtil.setContentLength(resp, resp.content().readableBytes());
        HttpUtil.setKeepAlive(resp, keepAlive);
        return resp;
    }

    /** The aggregator, answering an oversized request with a JSON 413 (netty's own has no body) and closing. */
    private static final class JsonSizeLimit extends HttpObjectAggregator {
        JsonSizeLimit(int maxContentLength) {
            super(maxContentLength);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            LOG.log(System.Logger.Level.WARNING, "refused a request body over {0} bytes", MAX_BODY);
            ApiResponse r =
                    AdminRouter.error(413, "PayloadTooLarge", "request body is larger than " + MAX_BODY + " bytes");
            ctx.writeAndFlush(response(r, false)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @ChannelHandler.Sharable
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final AdminRouter router;
        private final Executor requests;

        Handler(AdminRouter router, Executor requests) {
            this.router = router;
            this.requests = requests;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String method = req.method().name();
            String uri = req.uri();
            String body = req.content().toString(StandardCharsets.UTF_8);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            boolean decoded = req.decoderResult().isSuccess();
            long start = System.nanoTime();
            LOG.log(System.Logger.Level.DEBUG, "request {0} {1} ({2} body bytes)", method, uri, body.length());
            requests.execute(() -> {
                ApiResponse r = decoded
                        ? router.handle(method, uri, body)
                        : AdminRouter.error(
                                400,
                                "InvalidRequest",
                                "malformed HTTP request: " + req.decoderResult().cause());
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "response {0} {1}: {2} ({3} bytes, {4} us)",
                        method,
                        uri,
                        r.status(),
                        r.body().length(),
                        (System.nanoTime() - start) / 1000);
                var f = ctx.writeAndFlush(response(r, keepAlive));
                if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
                if (r.afterSent() != null)
                    f.addListener(done ->
                            Thread.ofPlatform().name("swiftlet-api-after").start(r.afterSent()));
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.DEBUG, "admin connection error", cause);
            ctx.close();
        }
    }
}
