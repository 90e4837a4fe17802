package io.stillwatch.gateway.upstream;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.FullHttpRequest;
import io.stillwatch.gateway.mock.MockUpstream;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/** What the pool tests share: one event loop, the pool under test on it, a mock upstream; all stopped after each test. */
abstract class PoolFixture {
    protected MultiThreadIoEventLoopGroup group;
    protected EventLoop loop;
    protected MockUpstream mock;
    protected Pool pool;

    @AfterEach
    void stopPoolLoopAndMock() throws Exception {
        if (pool != null) {
            on(() -> {
                pool.close();
                return null;
            });
        }
        if (mock != null) {
            mock.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        }
    }

    /** Sends on the pool's loop, as the gateway does. */
    protected RecordingListener send(FullHttpRequest request) throws Exception {
        RecordingListener r = new RecordingListener();
        on(() -> r.call = pool.send(request, r));
        return r;
    }

    /** Runs {@code task} on the pool's loop and waits for its result. */
    protected <T> T on(Callable<T> task) throws Exception {
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }
}
