/**
 * Everything that reaches into Payara's internals, each class naming the Payara behaviour it
 * works around and when it can go. Nothing else in casguard may use Payara's classes or reflect
 * into the container.
 */
package dev.casguard.payara;
