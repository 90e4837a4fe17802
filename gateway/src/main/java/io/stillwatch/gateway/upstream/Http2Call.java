package io.stillwatch.gateway.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * One request on an HTTP/2 stream: the {@link UpstreamCall} its caller holds, and the handler at the
 * end of its stream channel's pipeline (after {@code Http2StreamFrameToHttpObjectCodec}) that
 * reports the response to the listener. Confined to the pool's event loop.
 *
 * <p>Pausing turns off auto-read on the stream channel: Netty then keeps the stream's frames in
 * the channel and returns no flow-control window for them, so the upstream stops at one stream
 * window. A frame Netty had already begun delivering when the pause came is held here and handed
 * over on resume, so no content is reported while paused.
 */
final class Http2Call extends ChannelInboundHandlerAdapter implements UpstreamCall {
    private static final ExtensionHeaderNames[] CODEC_HEADERS = ExtensionHeaderNames.values();
    private final ResponseListener listener;
    private FullHttpRequest request; // ours until written or dropped
    private Http2StreamChannel stream; // null until the stream channel is open
    private boolean over; // the terminal event was reported, or the caller reset the call
    private boolean paused;
    private boolean headSeen;
    private boolean unflushed; // something was reported since the last onReadComplete
    private ArrayDeque<HttpObject> held; // delivered by Netty after pause(), kept for resume()

    Http2Call(FullHttpRequest request, ResponseListener listener) {
        this.request = request;
        this.listener = listener;
    }

    /** Nothing more will be reported: ended, failed or reset. */
    boolean isOver() {
        return over;
    }

    /** The request as it goes out: the Host header gives HTTP/2's :authority, so it is never missing. */
    FullHttpRequest takeRequest(Target target) {
        FullHttpRequest r = request;
        request = null;
        if (!r.headers().contains(HttpHeaderNames.HOST)) {
            r.headers().set(HttpHeaderNames.HOST, target.authority());
        }
        return r;
    }

    /** The stream channel is open (this handler is in its pipeline): the request goes out. */
    void opened(Http2StreamChannel channel, Target target) {
        stream = channel;
        if (over) {
            channel.close(); // reset while waiting: nothing was sent, so closing sends nothing either
            return;
        }
        if (paused) {
            channel.config().setAutoRead(false);
        }
        channel.writeAndFlush(takeRequest(target)).addListener(f -> {
            if (!f.isSuccess()) {
                // without a stream id the HEADERS never left: the stream could not be opened
                fail(Http2CodecUtil.isStreamIdValid(channel.stream().id()) ? "reset" : "connect", f.cause());
            }
        });
    }

    /** Reports a failure unless something terminal was reported already; closes the stream. */
    void fail(String kind, Throwable cause) {
        if (over) {
            return;
        }
        finish();
        listener.onFailure(kind, cause);
    }

    @Override
    public void pause() {
        if (paused || over) {
            return;
        }
        paused = true;
        if (stream != null) {
            stream.config().setAutoRead(false);
        }
    }

    @Override
    public void resume() {
        if (!paused || over) {
            return;
        }
        paused = false;
        if (held != null && !held.isEmpty()) {
            HttpObject msg;
            while (!paused && !over && (msg = held.poll()) != null) {
                deliver(msg);
            }
            if (unflushed && !over) {
                unflushed = false;
                listener.onReadComplete();
            }
        }
        if (!paused && !over && stream != null) {
            stream.config().setAutoRead(true); // turning auto-read on also asks the channel to read()
        }
    }

    @Override
    public void reset() {
        if (!over) {
            finish(); // closing the stream channel sends RST_STREAM(CANCEL) when the stream is open
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (over || !(msg instanceof HttpObject obj)) {
            ReferenceCountUtil.release(msg);
        } else if (paused) {
            if (held == null) {
                held = new ArrayDeque<>(4);
            }
            held.add(obj);
        } else {
            deliver(obj);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed && !over) {
            unflushed = false;
            listener.onReadComplete();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // RST_STREAM NO_ERROR may follow a complete response (the upstream wants no more of the request)
        if (evt instanceof Http2ResetFrame rst && rst.errorCode() != Http2Error.NO_ERROR.code()) {
            Http2Error error = Http2Error.valueOf(rst.errorCode());
            fail("reset", new IOException("upstream reset the stream: "
                    + (error != null ? error : "error " + rst.errorCode())));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!over && !(held != null && held.peekLast() instanceof LastHttpContent)) {
            // a held complete response still ends on resume; anything else stopped short
            fail("reset", new IOException("upstream stream closed before the response ended"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail("reset", cause);
    }

    private void deliver(HttpObject msg) {
        try {
            if (msg instanceof HttpResponse head) {
                if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL || headSeen) {
                    return; // 1xx heads (a 100 comes as a full message: its empty end is not the response's)
                }
                headSeen = true;
                for (ExtensionHeaderNames n : CODEC_HEADERS) {
                    head.headers().remove(n.text()); // x-http2-stream-id and kin are the codec's, not the upstream's
                }
                unflushed = true;
                listener.onHead(head);
            }
            if (msg instanceof HttpContent content && headSeen && !over) {
                if (content.content().isReadable()) {
                    unflushed = true;
                    listener.onContent(content.content());
                }
                if (msg instanceof LastHttpContent && !over) {
                    finish();
                    listener.onEnd();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Marks the call over and lets go of all it holds; the stream channel closing frees its slot. */
    private void finish() {
        over = true;
        if (request != null) {
            request.release();
            request = null;
        }
        if (held != null) {
            HttpObject msg;
            while ((msg = held.poll()) != null) {
                ReferenceCountUtil.release(msg);
            }
        }
        if (stream != null) {
            stream.close();
        }
    }
}
