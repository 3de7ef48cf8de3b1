package org.secureta.launcher.fleet;

/**
 * {@code --shard I/N}: shard {@code index} (0-based, a Kubernetes StatefulSet pod's ordinal) of
 * {@code count}. The fleet's units (its global indexes 0..units-1) are cut into {@code count}
 * contiguous slices whose sizes differ by at most one; each shard runs its own slice, so that
 * users, credentials and ports never overlap between shards.
 */
public record Shard(int index, int count) {

    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("--shard I/N: N must be at least 1, not " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard I/N: I must be 0 to " + (count - 1) + " (0-based, as a StatefulSet ordinal), not " + index);
        }
    }

    /** Parses {@code I/N}, e.g. {@code 2/8}. */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--shard takes I/N (e.g. 0/4), not '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard takes I/N with whole numbers (e.g. 0/4), not '" + text + "'");
        }
    }

    /** The first global unit index of this shard's slice of {@code units}. */
    public int first(int units) {
        return (int) ((long) units * index / count);
    }

    /** One past the last global unit index of this shard's slice. */
    public int end(int units) {
        return (int) ((long) units * (index + 1) / count);
    }

    /** How many units this shard runs. */
    public int size(int units) {
        return end(units) - first(units);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
