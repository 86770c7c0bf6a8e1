package dev.casguard.providers;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request of a check: where, with which headers and body, how much of the answer's body the
 * check needs ({@code bodyCap}; 0: none), and how to name the other side in an error.
 */
record OutboundRequest(String method, URI uri, Map<String, String> headers, byte[] body, int bodyCap, String what) {

    static OutboundRequest of(String method, URI uri, String what) {
        return new OutboundRequest(method, uri, Map.of(), null, 0, what);
    }

    OutboundRequest header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new OutboundRequest(method, uri, Map.copyOf(more), body, bodyCap, what);
    }

    OutboundRequest headers(Map<String, String> extra) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.putAll(extra);
        return new OutboundRequest(method, uri, Map.copyOf(more), body, bodyCap, what);
    }

    OutboundRequest body(byte[] content) {
        return new OutboundRequest(method, uri, headers, content, bodyCap, what);
    }

    /** The check reads at most {@code cap} bytes of the answer's body; more is "answer too large". */
    OutboundRequest readingUpTo(int cap) {
        return new OutboundRequest(method, uri, headers, body, cap, what);
    }
}
