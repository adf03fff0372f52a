package dev.swiftlet.fetch.oci;

import dev.swiftlet.fetch.registry.DistributionClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * An image in a registry repository as a conversion's {@link ImageSource} (its tag or digest) or
 * {@link ImageTarget} (its tag): blobs already in the repository are not sent again, a blob that is not local (a
 * chunk dictionary's) is mounted from {@code mountFrom} (the repository on the same registry that holds it), and the
 * manifest is put last.
 */
public final class RegistryImage implements ImageSource, ImageTarget {
    private final DistributionClient client;
    private final String reference;
    private final String mountFrom;

    public RegistryImage(DistributionClient client, String reference, String mountFrom) {
        this.client = client;
        this.reference = reference;
        this.mountFrom = mountFrom;
    }

    @Override
    public byte[] root() throws IOException {
        byte[] body = client.manifest(reference, MediaTypes.ACCEPT_ANY).body();
        if (reference.startsWith("sha256:") && !Sha256.of(body).equals(reference)) {
            throw new IOException(describe() + ": the manifest does not match its digest");
        }
        return body;
    }

    @Override
    public byte[] manifest(String digest) throws IOException {
        byte[] body = client.manifest(digest, MediaTypes.ACCEPT_ANY).body();
        if (!Sha256.of(body).equals(digest))
            throw new IOException(describe() + ": manifest " + digest + " does not match its digest");
        return body;
    }

    @Override
    public InputStream blob(String digest) throws IOException {
        return client.blob(digest);
    }

    @Override
    public void putBlob(String digest, long size, Path file) throws IOException {
        if (client.hasBlob(digest)) return;
        if (file != null) {
            client.upload(digest, file);
            return;
        }
        // not local: only a mount from the repository that has it can bring it here
        if (mountFrom == null || mountFrom.equals(client.repository()) || !client.mountBlob(digest, mountFrom)) {
            throw new IOException(describe() + ": blob " + digest + " is not local, not in the repository"
                    + (mountFrom == null ? "" : " and could not be mounted from " + mountFrom));
        }
    }

    @Override
    public void putBlob(String digest, byte[] content) throws IOException {
        if (!client.hasBlob(digest)) client.upload(digest, content);
    }

    @Override
    public void putManifest(String digest, String mediaType, byte[] manifest) throws IOException {
        client.putManifest(reference, mediaType, manifest);
    }

    @Override
    public String describe() {
        return client.host() + "/" + client.repository() + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    }

    @Override
    public void close() {
        client.close();
    }
}
