package dev.casguard.payara;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Payara's container filter ({@code org.glassfish.grizzly.http.server.HttpServerFilter}) with
 * {@link GrizzlyRequestGuard}'s rule in front of its {@code handleRead}: a dynamic proxy of
 * Grizzly's {@code Filter} interface, so the WAR needs no Grizzly jar. Every other call goes to
 * the container's filter unchanged.
 */
final class GuardedContainerFilter implements InvocationHandler {

    private static final Logger LOG = Logger.getLogger(GuardedContainerFilter.class.getName());

    /** Grizzly's request classes and the methods the guard calls on them, looked up once per runtime. */
    record Packets(Class<?> filter, Class<?> httpContent, Class<?> requestPacket, Method message, Method httpHeader,
            Method method, Method methodString, Method requestUri, Method serverName, Method setString,
            Method setRequestUri, Method setQueryString, Method setMethod) {

        static Packets of(ClassLoader server) throws ReflectiveOperationException {
            Class<?> httpContent = Class.forName("org.glassfish.grizzly.http.HttpContent", true, server);
            Class<?> requestPacket = Class.forName("org.glassfish.grizzly.http.HttpRequestPacket", true, server);
            return new Packets(Class.forName("org.glassfish.grizzly.filterchain.Filter", true, server),
                    httpContent, requestPacket,
                    Class.forName("org.glassfish.grizzly.filterchain.FilterChainContext", true, server).getMethod("getMessage"),
                    httpContent.getMethod("getHttpHeader"),
                    requestPacket.getMethod("getMethod"),
                    Class.forName("org.glassfish.grizzly.http.Method", true, server).getMethod("getMethodString"),
                    requestPacket.getMethod("getRequestURI"),
                    requestPacket.getMethod("serverName"),
                    Class.forName("org.glassfish.grizzly.http.util.DataChunk", true, server).getMethod("setString", String.class),
                    requestPacket.getMethod("setRequestURI", String.class),
                    requestPacket.getMethod("setQueryString", String.class),
                    requestPacket.getMethod("setMethod", String.class));
        }
    }

    final Object delegate;
    private final Packets packets;
    private final Function<RequestLine, Optional<RequestLine>> rule;
    private volatile boolean failureReported;

    private GuardedContainerFilter(Object delegate, Packets packets, Function<RequestLine, Optional<RequestLine>> rule) {
        this.delegate = delegate;
        this.packets = packets;
        this.rule = rule;
    }

    /** A filter that stands in for {@code containerFilter}, applying {@code rule} to each request line first. */
    static Object around(Object containerFilter, Packets packets, ClassLoader server,
            Function<RequestLine, Optional<RequestLine>> rule) {
        return Proxy.newProxyInstance(server, new Class<?>[] {packets.filter()},
                new GuardedContainerFilter(containerFilter, packets, rule));
    }

    /** The container's filter behind {@code filter}, if {@code filter} is a guard. */
    static Optional<Object> guarded(Object filter) {
        return Proxy.isProxyClass(filter.getClass()) && Proxy.getInvocationHandler(filter) instanceof GuardedContainerFilter guard
                ? Optional.of(guard.delegate) : Optional.empty();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "toString":
                return "casguard request-line guard around " + delegate;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "handleRead":
                guard(args[0]);
                break;
            default:
                break;
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void guard(Object context) {
        try {
            Object content = packets.message().invoke(context);
            if (!packets.httpContent().isInstance(content)) {
                return;
            }
            Object header = packets.httpHeader().invoke(content);
            if (!packets.requestPacket().isInstance(header)) {
                return;
            }
            Object host = packets.serverName().invoke(header);
            if (host != null && host.toString().isEmpty()) {
                // an empty Host (valid for HTTP/1.0, or a target without authority) makes the
                // container's mapper throw "Host is not set": the same empty 200 as a bad escape
                packets.setString().invoke(host, "localhost");
            }
            RequestLine line = new RequestLine((String) packets.methodString().invoke(packets.method().invoke(header)),
                    (String) packets.requestUri().invoke(header));
            Optional<RequestLine> readdressed = rule.apply(line);
            if (readdressed.isPresent()) {
                packets.setRequestUri().invoke(header, readdressed.get().target());
                packets.setQueryString().invoke(header, (Object) null);
                if (!readdressed.get().method().equals(line.method())) {
                    packets.setMethod().invoke(header, readdressed.get().method());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!failureReported) {
                failureReported = true;
                LOG.log(Level.WARNING, "request-line guard failed once ({0}); requests pass unchanged", e.getClass().getName());
            }
        }
    }
}
