package io.stillwatch.gateway.upstream;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The socket channel type that runs on a given event loop: native epoll where the loop is epoll's, else NIO. */
public final class Transports {
    private Transports() {
    }

    public static Class<? extends SocketChannel> socketChannel(EventLoop loop) {
        return Epoll.isAvailable() && loop instanceof IoEventLoop l && l.isIoType(EpollIoHandler.class)
                ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
