/**
 * What every capability stands on: the container-managed DataSource, schema migrations at
 * start-up, the instance's name, ISO-8601 durations in configuration, and readiness.
 */
package dev.casguard.platform;
