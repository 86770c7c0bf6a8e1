package dev.casguard.payara;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts a rule in front of Payara's web container on every HTTP listener, so that a request line
 * the container cannot take can be re-addressed before the container decodes it.
 *
 * <p>Works around Payara issue #8000: Grizzly's URL decoder throws IllegalArgumentException inside
 * CoyoteAdapter on a malformed escape, which only logs it and answers an empty 200; an empty Host
 * makes the mapper throw the same way. No servlet filter, valve or listener setting runs before
 * that decoding, so the guard takes the place of the listener's container filter
 * ({@code HttpServerFilter}) in its live Grizzly filter chain, as a proxy that delegates every
 * call (the chain keeps its length, so connections in flight keep their per-filter state). Can go
 * when Payara answers a malformed request line with a 400 the application can shape.
 *
 * <p>Everything it reaches is looked up once per runtime; where Payara's internals differ it logs
 * one warning and the container answers as it would without casguard. Listeners enabled after
 * start-up (the containers' post-deploy file) are guarded by {@link #recheck}.
 */
public final class GrizzlyRequestGuard {

    private static final Logger LOG = Logger.getLogger(GrizzlyRequestGuard.class.getName());

    /** Each guarded chain and the container filter the guard stands in for. */
    private static final Map<List<Object>, Object> installed = new IdentityHashMap<>();
    private static Function<RequestLine, Optional<RequestLine>> rule;
    private static Optional<Listeners> listeners;

    private GrizzlyRequestGuard() {
    }

    /**
     * Guards every HTTP listener with {@code readdress}: a request line it maps to another is
     * handed to the container as that one (full target, including the context path), without
     * its query.
     */
    public static synchronized void start(Function<RequestLine, Optional<RequestLine>> readdress) {
        rule = readdress;
        guardListeners();
    }

    /** Guards listeners that appeared since {@link #start}; a few list reads when there are none. */
    public static synchronized void recheck() {
        if (rule != null) {
            guardListeners();
        }
    }

    /** Gives every guarded chain its container filter back. */
    public static synchronized void stop() {
        installed.forEach((chain, original) -> {
            for (int i = 0; i < chain.size(); i++) {
                if (GuardedContainerFilter.guarded(chain.get(i)).orElse(null) == original) {
                    chain.set(i, original);
                }
            }
        });
        installed.clear();
        rule = null;
    }

    private static void guardListeners() {
        if (listeners == null) {
            listeners = Listeners.lookUp();
        }
        listeners.ifPresent(reach -> {
            try {
                for (Object proxy : List.copyOf((Collection<?>) reach.proxies().get(reach.service()))) {
                    guard(reach, proxy);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot read Payara''s HTTP listeners ({0}); a listener added now is not guarded",
                        e.getClass().getName());
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void guard(Listeners reach, Object proxy) throws ReflectiveOperationException {
        if (!reach.underlyingListener().getDeclaringClass().isInstance(proxy)) {
            return;
        }
        Object listener = reach.underlyingListener().invoke(proxy);
        if (!reach.genericListener().isInstance(listener)) {
            return;
        }
        Object transport = reach.transport().invoke(listener);
        Object processor = transport == null ? null : reach.processor().invoke(transport);
        if (!(processor instanceof List<?> chain) || installed.containsKey(chain)) {
            return;
        }
        for (int i = 0; i < chain.size(); i++) {
            Object filter = chain.get(i);
            if (filter.getClass() == reach.containerFilter()) {
                ((List<Object>) chain).set(i, GuardedContainerFilter.around(filter, reach.packets(), reach.server(), rule));
                installed.put((List<Object>) chain, filter);
                LOG.log(Level.INFO, "guarding request lines on HTTP listener port {0}",
                        String.valueOf(reach.port().invoke(listener)));
                return;
            }
        }
    }

    /** The way from Payara's Grizzly service to each listener's filter chain, looked up once. */
    private record Listeners(ClassLoader server, Object service, Field proxies, Method underlyingListener,
            Class<?> genericListener, Method transport, Method port, Method processor, Class<?> containerFilter,
            GuardedContainerFilter.Packets packets) {

        static Optional<Listeners> lookUp() {
            try {
                ClassLoader server = jakarta.servlet.ServletContext.class.getClassLoader();
                Class<?> globals = Class.forName("org.glassfish.internal.api.Globals", true, server);
                Class<?> grizzlyService = Class.forName("com.sun.enterprise.v3.services.impl.GrizzlyService", true, server);
                Field proxies = grizzlyService.getDeclaredField("proxies");
                proxies.setAccessible(true);
                Class<?> grizzlyProxy = Class.forName("com.sun.enterprise.v3.services.impl.GrizzlyProxy", true, server);
                Class<?> genericListener = Class.forName("org.glassfish.grizzly.config.GenericGrizzlyListener", true, server);
                Class<?> transport = Class.forName("org.glassfish.grizzly.Transport", true, server);
                return Optional.of(new Listeners(server,
                        globals.getMethod("get", Class.class).invoke(null, grizzlyService),
                        proxies,
                        grizzlyProxy.getMethod("getUnderlyingListener"),
                        genericListener,
                        genericListener.getMethod("getTransport"),
                        genericListener.getMethod("getPort"),
                        transport.getMethod("getProcessor"),
                        Class.forName("org.glassfish.grizzly.http.server.HttpServerFilter", true, server),
                        GuardedContainerFilter.Packets.of(server)));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "cannot guard request lines on this runtime ({0}: {1}); malformed paths get "
                        + "the container''s own answers", new Object[] {e.getClass().getName(), e.getMessage()});
                return Optional.empty();
            }
        }
    }
}
