/**
 * Checks of the deployment files against the WAR, without running them: the Kubernetes base in
 * {@code deploy/kubernetes/base} is rendered with {@code kubectl kustomize}, read strictly into
 * Kubernetes' typed objects, and its ports, probe paths and environment names compared with what
 * the WAR serves and reads. The Prometheus rules ({@code deploy/prometheus}) are checked and
 * unit-tested with promtool, and they and the Grafana dashboard ({@code deploy/grafana}) select
 * only metrics and labels the WAR registers; MonitoringNamesIT holds both to a real scrape.
 */
package dev.casguard.deployment;
