package dev.casguard.api;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts a small Grizzly filter in front of Payara's web container on every HTTP listener, so that
 * request lines the container cannot take ({@link RequestTargetCheck}: {@code %zz}, invalid UTF-8,
 * NUL, backslash, above the root, TRACE) are re-addressed to {@link RefusedRequestFilter} and
 * answered as problem+json, instead of an empty 200 (Payara issue #8000: Grizzly's URL decoder
 * throws IllegalArgumentException inside CoyoteAdapter, which only logs it) or a bare 400/405.
 * Neither a servlet filter, a valve nor any listener setting runs before that decoding, so the
 * filter is inserted into the listener's Grizzly filter chain, just before the filter that hands
 * requests to the container; it takes that filter's place in the chain and delegates every call to
 * it, so the chain keeps its length (connections in flight keep their per-filter state). It uses
 * Payara internals by reflection only: on a runtime where they
 * are not there it logs one warning and the WAR works as before. Listeners enabled after start-up
 * (the containers' post-deploy file) are picked up by {@link ContainerRequestGuardRecheck} within
 * five seconds. Refused requests go to this WAR's context path, whatever it is. A request with an empty
 * Host gets the name "localhost", because the container's mapper throws on an empty one (the same
 * empty 200).
 */
@WebListener
public class ContainerRequestGuard implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(ContainerRequestGuard.class.getName());
    private static final String CONTAINER_FILTER = "org.glassfish.grizzly.http.server.HttpServerFilter";

    /** Each guarded chain and the filter the guard stands in for. */
    private static final Map<List<Object>, Object> installed = new IdentityHashMap<>();
    private static String contextPath;
    private static boolean unavailableReported;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        synchronized (ContainerRequestGuard.class) {
            contextPath = event.getServletContext().getContextPath();
            unavailableReported = false;
        }
        install();
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        stop();
    }

    static synchronized void stop() {
        installed.forEach((chain, original) -> {
            for (int i = 0; i < chain.size(); i++) {
                if (Proxy.isProxyClass(chain.get(i).getClass())
                        && Proxy.getInvocationHandler(chain.get(i)) instanceof TargetFilter guard && guard.delegate == original) {
                    chain.set(i, original);
                }
            }
        });
        installed.clear();
        contextPath = null;
    }

    @SuppressWarnings("unchecked")
    static synchronized void install() {
        if (contextPath == null) {
            return;
        }
        try {
            ClassLoader server = jakarta.servlet.ServletContext.class.getClassLoader();
            Class<?> globals = Class.forName("org.glassfish.internal.api.Globals", true, server);
            Class<?> grizzlyService = Class.forName("com.sun.enterprise.v3.services.impl.GrizzlyService", true, server);
            Object service = globals.getMethod("get", Class.class).invoke(null, grizzlyService);
            Field proxiesField = grizzlyService.getDeclaredField("proxies");
            proxiesField.setAccessible(true);
            for (Object proxy : List.copyOf((Collection<?>) proxiesField.get(service))) {
                Object listener = proxy.getClass().getMethod("getUnderlyingListener").invoke(proxy);
                Method getTransport = listener == null ? null : publicMethod(listener.getClass(), "getTransport");
                Object transport = getTransport == null ? null : getTransport.invoke(listener);
                Object processor = transport == null ? null
                        : publicMethod(transport.getClass(), "getProcessor").invoke(transport);
                if (!(processor instanceof List<?> chain) || installed.containsKey(chain)) {
                    continue;
                }
                int at = indexOf(chain, CONTAINER_FILTER);
                if (at < 0) {
                    continue;
                }
                Object original = chain.get(at);
                ((List<Object>) chain).set(at, TargetFilter.around(original, server, contextPath));
                installed.put((List<Object>) chain, original);
                LOG.log(Level.INFO, "guarding request targets on HTTP listener {0}", listener.getClass().getSimpleName()
                        + "@" + publicMethod(listener.getClass(), "getPort").invoke(listener));
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (!unavailableReported) {
                unavailableReported = true;
                LOG.log(Level.WARNING, "cannot guard request targets on this runtime ({0}: {1}); malformed paths get "
                        + "the container''s own answers", new Object[] {e.getClass().getName(), e.getMessage()});
            }
        }
    }

    private static int indexOf(List<?> chain, String className) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).getClass().getName().equals(className)) {
                return i;
            }
        }
        return -1;
    }

    private static Method publicMethod(Class<?> type, String name) throws NoSuchMethodException {
        return type.getMethod(name);
    }

    /**
     * The container's Grizzly filter with the guard in front of its handleRead, as a dynamic proxy
     * of the server's Filter interface, so the WAR needs no Grizzly jar.
     */
    static final class TargetFilter implements InvocationHandler {

        final Object delegate;
        private final String contextPath;
        private final Class<?> httpContent;
        private final Class<?> requestPacket;
        private final Method getMessage;
        private final Method getHttpHeader;
        private final Method getMethod;
        private final Method getMethodString;
        private final Method getRequestURI;
        private final Method serverName;
        private final Method setString;
        private final Method setRequestURI;
        private final Method setQueryString;
        private final Method setMethod;
        private boolean failureReported;

        private TargetFilter(Object delegate, ClassLoader server, String contextPath) throws ReflectiveOperationException {
            this.delegate = delegate;
            this.contextPath = contextPath;
            httpContent = Class.forName("org.glassfish.grizzly.http.HttpContent", true, server);
            requestPacket = Class.forName("org.glassfish.grizzly.http.HttpRequestPacket", true, server);
            getMessage = Class.forName("org.glassfish.grizzly.filterchain.FilterChainContext", true, server)
                    .getMethod("getMessage");
            getHttpHeader = httpContent.getMethod("getHttpHeader");
            getMethod = requestPacket.getMethod("getMethod");
            getMethodString = Class.forName("org.glassfish.grizzly.http.Method", true, server).getMethod("getMethodString");
            getRequestURI = requestPacket.getMethod("getRequestURI");
            serverName = requestPacket.getMethod("serverName");
            setString = Class.forName("org.glassfish.grizzly.http.util.DataChunk", true, server)
                    .getMethod("setString", String.class);
            setRequestURI = requestPacket.getMethod("setRequestURI", String.class);
            setQueryString = requestPacket.getMethod("setQueryString", String.class);
            setMethod = requestPacket.getMethod("setMethod", String.class);
        }

        static Object around(Object delegate, ClassLoader server, String contextPath) throws ReflectiveOperationException {
            Class<?> filter = Class.forName("org.glassfish.grizzly.filterchain.Filter", true, server);
            return Proxy.newProxyInstance(server, new Class<?>[] {filter}, new TargetFilter(delegate, server, contextPath));
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "toString":
                    return "casguard request-target guard around " + delegate;
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
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void guard(Object context) {
            try {
                Object content = getMessage.invoke(context);
                if (!httpContent.isInstance(content)) {
                    return;
                }
                Object header = getHttpHeader.invoke(content);
                if (!requestPacket.isInstance(header)) {
                    return;
                }
                String method = (String) getMethodString.invoke(getMethod.invoke(header));
                String path = (String) getRequestURI.invoke(header);
                Object host = serverName.invoke(header);
                if (host != null && host.toString().isEmpty()) {
                    // an empty Host (valid for HTTP/1.0, or a target without authority) makes the
                    // container's mapper throw "Host is not set": same empty 200 as above
                    setString.invoke(host, "localhost");
                }
                Optional<String> refusal = RequestTargetCheck.refusal(method, path);
                if (refusal.isPresent()) {
                    setRequestURI.invoke(header, contextPath + refusal.get());
                    setQueryString.invoke(header, (Object) null);
                    if (refusal.get().equals(RequestTargetCheck.REFUSED_METHOD)) {
                        setMethod.invoke(header, "GET");
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                if (!failureReported) {
                    failureReported = true;
                    LOG.log(Level.WARNING, "request-target guard failed once ({0}); requests pass unchanged",
                            e.getClass().getName());
                }
            }
        }
    }
}
