package dev.sessionlog.server;

/**
 * The {@code cursor} of {@code GET /v1/sessions}: how many sessions earlier pages held, as
 * {@code p<offset>}. The list is newest update first, so a session updated between two pages moves
 * to the front; a client that must see every session exactly once reads the stream instead.
 */
final class PageCursor {
    private static final int MAX_OFFSET = 1_000_000;

    private PageCursor() {}

    static String encode(int offset) {
        return "p" + offset;
    }

    static int decode(String cursor) {
        if (cursor == null) {
            return 0;
        }
        boolean valid = cursor.length() >= 2 && cursor.length() <= 8 && cursor.charAt(0) == 'p'
                && cursor.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
        int offset = valid ? Integer.parseInt(cursor.substring(1)) : -1;
        if (offset < 0 || offset > MAX_OFFSET) {
            throw ApiProblem.badRequest("the parameter \"cursor\" is not a cursor this server returned: "
                    + dev.sessionlog.util.Preconditions.quote(cursor));
        }
        return offset;
    }
}
