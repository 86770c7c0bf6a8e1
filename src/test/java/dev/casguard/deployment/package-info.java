/**
 * Checks of the deployment files against the WAR, without running them: the Kubernetes base in
 * {@code deploy/kubernetes/base} is rendered with {@code kubectl kustomize}, read strictly into
 * Kubernetes' typed objects, and its ports, probe paths and environment names compared with what
 * the WAR serves and reads.
 */
package dev.casguard.deployment;
