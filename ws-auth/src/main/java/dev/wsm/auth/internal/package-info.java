/** Implementation details of ws-auth; may change without notice. */
package dev.wsm.auth.internal;
