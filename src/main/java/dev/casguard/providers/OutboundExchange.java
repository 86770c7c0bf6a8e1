package dev.casguard.providers;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * One check's HTTP conversation with tenant-given hosts (Apache HttpClient 5, one connection at a
 * time). Each request's destination is vetted by the {@link OutboundPolicy} before anything is
 * sent; each host name is looked up once, and connections go only to the addresses of that one
 * lookup (the client's resolver knows no other names), while TLS still verifies the name. No
 * redirect, retry, proxy, cookie or compression. An answer's body is read up to the request's
 * cap; the whole exchange, body included, is cut at the deadline by closing its socket.
 */
final class OutboundExchange implements AutoCloseable {

    /** A body the check does not need is drained only when it declares at most this, to reuse the connection. */
    private static final int DRAIN_LIMIT = 4096;
    private static final long MAX_CONNECT_MILLIS = 5_000;
    /** Status and header lines longer than this, or more headers than that, are "answer too large". */
    private static final Http1Config LIMITS = Http1Config.custom().setMaxLineLength(16 * 1024)
            .setMaxHeaderCount(100).build();

    private final String organization;
    private final Deadline deadline;
    private final OutboundPolicy policy;
    private final NameLookup lookup;
    private final TrustedCertificates trust;
    private final Map<String, InetAddress[]> looked = new ConcurrentHashMap<>();
    private final Map<String, InetAddress[]> pinned = new ConcurrentHashMap<>();
    private final Set<String> vetted = ConcurrentHashMap.newKeySet();
    private final CloseableHttpClient client;
    private final ScheduledFuture<?> alarm;
    private volatile boolean expired;
    private volatile HttpUriRequestBase current;

    OutboundExchange(String organization, Deadline deadline, OutboundPolicy policy, NameLookup lookup,
            TrustedCertificates trust, ScheduledExecutorService alarms) {
        this.organization = organization;
        this.deadline = deadline;
        this.policy = policy;
        this.lookup = lookup;
        this.trust = trust;
        long remaining = deadline.remaining().toMillis();
        BasicHttpClientConnectionManager connections = BasicHttpClientConnectionManager.create(
                DefaultSchemePortResolver.INSTANCE, resolver(name -> false),
                RegistryBuilder.<TlsSocketStrategy>create()
                        .register("https", new DefaultClientTlsStrategy(trust.context())).build(),
                ManagedHttpClientConnectionFactory.builder().http1Config(LIMITS).build());
        connections.setConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(Math.min(remaining, MAX_CONNECT_MILLIS)))
                .setSocketTimeout(Timeout.ofMilliseconds(remaining)).build());
        this.client = HttpClients.custom().setConnectionManager(connections)
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .disableAuthCaching().disableContentCompression()
                .setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeFactory>create().build())
                .setUserAgent("casguard").build();
        this.alarm = alarms.schedule(this::expire, remaining, TimeUnit.MILLISECONDS);
    }

    Deadline deadline() {
        return deadline;
    }

    String organization() {
        return organization;
    }

    TrustedCertificates trust() {
        return trust;
    }

    /** Whether the operator allow-listed {@code host:port} for this exchange's organization. */
    boolean allowListed(String host, int port) {
        return policy.allowListed(organization, host, port);
    }

    /**
     * Vets {@code scheme://host:port} for this organization and pins the addresses its one lookup
     * returned; throws the refusal. Checks call it to refuse early, {@link #send} calls it always.
     */
    void vet(String scheme, String host, int port) throws OutboundFailure {
        String name = normalized(host);
        String key = scheme.toLowerCase(Locale.ROOT) + "://" + name + ":" + port;
        if (vetted.contains(key)) {
            return;
        }
        InetAddress[] addresses = policy.vet(organization, scheme, host, port, this::lookupOnce);
        pinned.put(name, addresses);
        vetted.add(key);
    }

    /** Sends one request to a vetted destination and reads its answer within the deadline and the body cap. */
    OutboundAnswer send(OutboundRequest request) throws OutboundFailure {
        URI uri = request.uri();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            throw OutboundFailure.refused(request.what() + " gave a destination that is not an http(s) URL");
        }
        vet(scheme, uri.getHost(), OutboundPolicy.portOf(uri));
        if (expired || deadline.passed()) {
            throw timedOut(request.what());
        }
        HttpUriRequestBase http = new HttpUriRequestBase(request.method(), uri);
        request.headers().forEach(http::setHeader);
        if (request.body() != null) {
            http.setEntity(new ByteArrayEntity(request.body(), null));
        }
        Timeout left = Timeout.ofMilliseconds(deadline.remaining().toMillis());
        // the checks answer challenges themselves: the client's own authentication stays out (it would
        // log a WARNING for every Basic or Bearer challenge it cannot take)
        http.setConfig(RequestConfig.custom().setResponseTimeout(left).setConnectionRequestTimeout(left)
                .setAuthenticationEnabled(false).build());
        current = http;
        CloseableHttpResponse response = null;
        try {
            response = client.execute(http);
            return new OutboundAnswer(response.getCode(), headers(response.getHeaders()),
                    body(response.getEntity(), http, request));
        } catch (OutboundFailure e) {
            throw e;
        } catch (IOException e) {
            throw failure(e, request.what());
        } finally {
            current = null;
            closeQuietly(response);
        }
    }

    /** After an abandoned body the socket is gone already; what closing it says is of no interest. */
    private static void closeQuietly(CloseableHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException e) {
                // the connection was dropped on purpose
            }
        }
    }

    /**
     * A resolver for a client that is not this exchange's own (the S3 SDK's): it answers the names
     * vetted here, and vets as HTTPS on port 443 any other name that {@code vettableOnLookup} admits.
     */
    DnsResolver resolver(Predicate<String> vettableOnLookup) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                String name = normalized(host);
                InetAddress[] addresses = pinned.get(name);
                if (addresses == null && vettableOnLookup.test(name)) {
                    try {
                        vet("https", name, 443);
                    } catch (OutboundFailure e) {
                        throw unresolved(e);
                    }
                    addresses = pinned.get(name);
                }
                if (addresses == null) {
                    throw unresolved(OutboundFailure.refused(name + " is not a destination this check vetted"));
                }
                return addresses.clone();
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    /** What a client's resolver throws for a refused name; the refusal travels as its cause. */
    private static UnknownHostException unresolved(OutboundFailure refusal) {
        UnknownHostException unresolved = new UnknownHostException(refusal.getMessage());
        unresolved.initCause(refusal);
        return unresolved;
    }

    private byte[] body(HttpEntity entity, HttpUriRequestBase http, OutboundRequest request) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        int cap = request.bodyCap();
        if (cap == 0) {
            long declared = entity.getContentLength();
            if (declared < 0 || declared > DRAIN_LIMIT) {
                http.cancel(); // not needed and not small: drop the connection instead of reading it
                return new byte[0];
            }
            cap = DRAIN_LIMIT;
        }
        byte[] buffer = new byte[Math.min(cap + 1, 8192)];
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        try (InputStream in = entity.getContent()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                read.write(buffer, 0, n);
                if (read.size() > cap) {
                    http.cancel();
                    throw OutboundFailure.tooLarge("the answer of " + request.what()
                            + " is too large (over " + cap + " bytes)");
                }
            }
        }
        return request.bodyCap() == 0 ? new byte[0] : read.toByteArray();
    }

    private OutboundFailure failure(IOException e, String what) {
        if (expired || deadline.passed() || e instanceof SocketTimeoutException || e instanceof InterruptedIOException
                && !(e instanceof ConnectTimeoutException)) {
            return timedOut(what);
        }
        if (e instanceof ConnectTimeoutException) {
            return new OutboundFailure(FailureKind.TIMEOUT, "connecting to " + what + " timed out");
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new OutboundFailure(FailureKind.UNREACHABLE, what + " is unreachable (connection refused)");
        }
        if (e instanceof UnknownHostException) {
            return new OutboundFailure(FailureKind.UNREACHABLE, what + " is unreachable (host does not resolve)");
        }
        if (e instanceof SSLException) {
            return new OutboundFailure(FailureKind.TLS, "TLS with " + what + " failed");
        }
        if (e instanceof MessageConstraintException) {
            return OutboundFailure.tooLarge("the answer of " + what
                    + " is too large (its header exceeds the limit)");
        }
        if (e instanceof ClientProtocolException || e.getCause() instanceof ProtocolException) {
            return new OutboundFailure(FailureKind.PROVIDER_ERROR, what + " answered something that is not HTTP");
        }
        return new OutboundFailure(FailureKind.UNREACHABLE, what + " is unreachable ("
                + e.getClass().getSimpleName() + ")");
    }

    private static OutboundFailure timedOut(String what) {
        return new OutboundFailure(FailureKind.TIMEOUT, what + " did not answer in time");
    }

    private InetAddress[] lookupOnce(String host) throws UnknownHostException {
        String name = normalized(host);
        InetAddress[] known = looked.get(name);
        if (known == null) {
            known = lookup.lookup(name);
            looked.put(name, known);
        }
        return known;
    }

    private static Map<String, List<String>> headers(Header[] all) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Header header : all) {
            headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(header.getValue());
        }
        return headers;
    }

    private static String normalized(String host) {
        return OutboundPolicy.unbracketed(host).toLowerCase(Locale.ROOT);
    }

    /** The deadline: whatever is still being sent or read ends now. */
    private void expire() {
        expired = true;
        HttpUriRequestBase running = current;
        if (running != null) {
            running.cancel();
        }
        client.close(CloseMode.IMMEDIATE);
    }

    @Override
    public void close() {
        alarm.cancel(false);
        client.close(CloseMode.IMMEDIATE);
    }
}
