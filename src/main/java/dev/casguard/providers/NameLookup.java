package dev.casguard.providers;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How a host name becomes addresses. The outbound path asks once per name per check and connects
 * only to what that one answer held, so a second, different answer (DNS rebinding) is never used.
 */
@FunctionalInterface
interface NameLookup {

    NameLookup SYSTEM = InetAddress::getAllByName;

    InetAddress[] lookup(String host) throws UnknownHostException;
}
