/**
 * The read-only operator page served at {@code /} (static files in {@code src/main/webapp}): it
 * signs in with the admin token and reads the admin API from the browser. Here only what the
 * server adds to those files: their security headers.
 */
package dev.casguard.operator;
