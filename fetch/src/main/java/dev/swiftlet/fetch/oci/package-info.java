/**
 * OCI image references and Nydus manifests: which registry and repository an image lives in, which layer holds
 * the bootstrap and which layers are its data blobs. Pure parsing; the HTTP side is the registry backend's.
 */
package dev.swiftlet.fetch.oci;
