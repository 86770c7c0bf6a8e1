/**
 * Organizations and their API tokens: the operator's resources to create, list and soft-delete
 * them, and the token look-up that authentication runs on every request.
 */
package dev.casguard.organizations;
