package org.secureta.srtp.sdes;

/** Character-level mutations for the bounded fuzz tests. */
public final class MutationsForTests {

    private MutationsForTests() {
    }

    /** 0 inserts c, 1 deletes, 2 replaces by c, 3 duplicates up to 8 characters, 4 cuts the tail. */
    public static String mutate(String text, int position, char c, int operation) {
        int at = text.isEmpty() ? 0 : position % text.length();
        return switch (operation) {
            case 0 -> text.substring(0, at) + c + text.substring(at);
            case 1 -> text.isEmpty() ? text : text.substring(0, at) + text.substring(at + 1);
            case 2 -> text.isEmpty() ? text : text.substring(0, at) + c + text.substring(at + 1);
            case 3 -> text.substring(0, at) + text.substring(at, Math.min(text.length(), at + 8)) + text.substring(at);
            default -> text.substring(0, at);
        };
    }
}
