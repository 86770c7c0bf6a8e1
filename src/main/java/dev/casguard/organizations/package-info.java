/**
 * Organizations and their API tokens: the operator's resources to create, list and soft-delete
 * them, and the token look-up that authentication runs on every request.
 *
 * <p>Its JSON views show absent values as {@code null} rather than dropping the field.
 */
@JsonbNillable
package dev.casguard.organizations;

import jakarta.json.bind.annotation.JsonbNillable;
