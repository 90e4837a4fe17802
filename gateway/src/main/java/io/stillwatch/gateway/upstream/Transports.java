package io.stillwatch.gateway.upstream;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import java.net.InetSocketAddress;

/**
 * The channel types that run on a given event loop (native epoll where the loop is epoll's, else
 * NIO), and the resolver of upstream host names.
 */
public final class Transports {
    /**
     * Host names are resolved by Netty's asynchronous DNS resolver (servers from
     * {@code /etc/resolv.conf}, names from {@code /etc/hosts} first), on the loop that connects:
     * Bootstrap's default asks the JDK, which blocks the event loop — and every exchange on it — for
     * as long as a lookup takes (seconds when a DNS server does not answer). One group for the
     * process; it keeps one resolver, with its cache, per event loop.
     */
    static final AddressResolverGroup<InetSocketAddress> RESOLVER =
            new DnsAddressResolverGroup(NioDatagramChannel.class, DnsServerAddressStreamProviders.platformDefault()) {
                @Override
                protected AddressResolver<InetSocketAddress> newResolver(EventLoop loop,
                        ChannelFactory<? extends DatagramChannel> ignored, DnsServerAddressStreamProvider servers)
                        throws Exception {
                    // the datagram channel must be of the loop's own transport
                    return super.newResolver(loop, datagramChannel(loop), servers);
                }
            };

    private Transports() {
    }

    public static Class<? extends SocketChannel> socketChannel(EventLoop loop) {
        return epoll(loop) ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    private static ChannelFactory<? extends DatagramChannel> datagramChannel(EventLoop loop) {
        return epoll(loop) ? EpollDatagramChannel::new : NioDatagramChannel::new;
    }

    private static boolean epoll(EventLoop loop) {
        return Epoll.isAvailable() && loop instanceof IoEventLoop l && l.isIoType(EpollIoHandler.class);
    }
}
