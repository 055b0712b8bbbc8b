package dev.sessionlog.util;

import static dev.sessionlog.util.Preconditions.requireArgument;
import static dev.sessionlog.util.Preconditions.requireState;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Strings kept in pages of bytes instead of one {@code String} (24 bytes) and one array (16 bytes
 * plus the text) each: a text is an {@code int} handle. Each is stored in the smallest of three
 * lossless forms: a canonical lower-case UUID ({@code 6f1c2a4e-8b0d-4c53-9a61-000000000123}, the
 * shape of most session ids) in 16 bytes; Latin-1 (every char below 256), one byte a char; otherwise
 * UTF-16, two bytes a char, unpaired surrogates included. Ahead of each, its length and form in one
 * or two bytes.
 *
 * <p>Threads: one writer adds; any thread reads a handle it got through a happens-before edge from
 * the add (a volatile, release or lock-protected publication of the handle made after it). Bytes are
 * never changed once added, and the page directory is replaced, never changed in place below what
 * was handed out. No removal: what is added stays until the arena is dropped.
 *
 * <p>Pages double from 4 KiB, so that an arena of a few texts stays small, up to 256 KiB: below
 * half of G1's smallest region (1 MiB), so that no page is a humongous object. G1 gives each such
 * object whole regions of its own: pages of 1 MiB took two regions each in a heap under 2 GiB, and
 * 1,000,000 sessions kept 240.8 bytes each with {@code -Xmx1500m} against 188.8 with
 * {@code -Xmx6g} ({@code SessionHeapMeasurement}).
 *
 * <p>Limits: handles address 2 GiB of pages (about 110 million UUID-shaped ids, or 55 million
 * 36-character keys); adding past that fails with {@link IllegalStateException}.
 *
 * <p>The serialized form ({@link #writeTo}, {@link #write}, {@link #read}, {@link #addSerialized})
 * is for files: an {@code int} header, -1 for null, else the length in chars shifted left by one
 * with the low bit set for UTF-16; then the chars as Latin-1 bytes or UTF-16 big-endian pairs.
 */
public final class TextArena {
    /** What {@link #add(String)} of null returns, and {@link #addSerialized} for a null text. */
    public static final int NULL = -1;

    private static final int PAGE_BITS = 18;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int FIRST_PAGE_BITS = 12;
    private static final int MAX_PAGES = 1 << (31 - PAGE_BITS);
    private static final int LATIN1 = 0;
    private static final int UTF16 = 1;
    private static final int UUID = 2;
    private static final int UUID_LENGTH = 36;
    private static final int UUID_BYTES = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Where in a UUID's 36 chars its 32 hex digits are. */
    private static final int[] HEX_DIGITS = new int[32];

    static {
        for (int i = 0, digit = 0; i < UUID_LENGTH; i++) {
            if (!isUuidDash(i)) {
                HEX_DIGITS[digit++] = i;
            }
        }
    }

    private volatile byte[][] pages = new byte[4][];
    /** Pages in use, and bytes used in the last; the writer's. */
    private int pageCount;
    private int used;
    /** Where the text of the last {@link #reserve}d handle starts in its page; the writer's. */
    private int reservedBody;

    /** Adds {@code text}; returns its handle, or {@link #NULL} for null. As the writer. */
    public int add(String text) {
        if (text == null) {
            return NULL;
        }
        int length = text.length();
        if (length == UUID_LENGTH) {
            byte[] packed = new byte[UUID_BYTES];
            if (packUuid(text, packed)) {
                return addUuid(packed);
            }
        }
        boolean latin1 = true;
        for (int i = 0; i < length && latin1; i++) {
            latin1 = text.charAt(i) < 256;
        }
        int handle = reserve(length, latin1 ? LATIN1 : UTF16, latin1 ? length : 2 * length);
        byte[] page = page(handle);
        int at = reservedBody;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (latin1) {
                page[at + i] = (byte) c;
            } else {
                page[at + 2 * i] = (byte) (c >> 8);
                page[at + 2 * i + 1] = (byte) c;
            }
        }
        return handle;
    }

    /**
     * Adds the {@code length} chars whose Latin-1 bytes are at {@code offset} in {@code bytes},
     * without making a {@code String} of them. As the writer.
     */
    public int addLatin1(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == UUID_LENGTH) {
            byte[] packed = new byte[UUID_BYTES];
            if (packUuid(bytes, offset, packed)) {
                return addUuid(packed);
            }
        }
        int handle = reserve(length, LATIN1, length);
        System.arraycopy(bytes, offset, page(handle), reservedBody, length);
        return handle;
    }

    /**
     * Reads one text in the serialized form from {@code in}, at its position, and adds it without
     * making a {@code String}; returns its handle, or {@link #NULL} for a null text. As the writer.
     *
     * @throws IllegalArgumentException when the header is malformed or the text runs past the limit
     */
    public int addSerialized(ByteBuffer in) {
        int header = in.getInt();
        if (header == NULL) {
            return NULL;
        }
        int length = header >>> 1;
        boolean utf16 = (header & 1) != 0;
        int bytes = utf16 ? 2 * length : length;
        if (header < 0 || bytes > in.remaining()) { // not requireArgument: a million keys would box their lengths
            throw new IllegalArgumentException("bad text header " + header + " with " + in.remaining() + " bytes left");
        }
        int handle;
        if (utf16) {
            handle = reserve(length, UTF16, bytes);
            in.get(page(handle), reservedBody, bytes);
        } else if (in.hasArray()) {
            handle = addLatin1(in.array(), in.arrayOffset() + in.position(), length);
            in.position(in.position() + length);
        } else {
            byte[] latin1 = new byte[length];
            in.get(latin1);
            handle = addLatin1(latin1, 0, length);
        }
        return handle;
    }

    /** The text of {@code handle}, null for {@link #NULL}. Any thread. */
    public String get(int handle) {
        if (handle == NULL) {
            return null;
        }
        byte[] page = page(handle);
        int header = header(handle, page);
        int length = header >>> 2;
        int at = bodyOffset(handle, page);
        if ((header & 3) == LATIN1) {
            return new String(page, at, length, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = charAt(page, at, header & 3, i);
        }
        return new String(chars);
    }

    /** The length in chars of {@code handle}'s text. Any thread. */
    public int length(int handle) {
        return header(handle, page(handle)) >>> 2;
    }

    /** Whether {@code handle}'s text equals {@code text}, without making a {@code String}. Any thread. */
    public boolean contentEquals(int handle, String text) {
        if (handle == NULL || text == null) {
            return handle == NULL && text == null;
        }
        byte[] page = page(handle);
        int header = header(handle, page);
        int length = header >>> 2;
        if (length != text.length()) {
            return false;
        }
        int at = bodyOffset(handle, page);
        int form = header & 3;
        if (form == UUID) {
            return text.charAt(8) == '-' && text.charAt(13) == '-' && text.charAt(18) == '-' && text.charAt(23) == '-'
                    && uuidDigitsEqual(page, at, text, null, 0);
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean same = form == LATIN1 ? (page[at + i] & 0xff) == c
                    : (char) (((page[at + 2 * i] & 0xff) << 8) | (page[at + 2 * i + 1] & 0xff)) == c;
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code handle}'s text starts with {@code prefix} (every text starts with the empty one),
     * without making a {@code String}; false for {@link #NULL}. Any thread.
     */
    public boolean startsWith(int handle, String prefix) {
        requireArgument(prefix != null, "prefix must not be null");
        if (handle == NULL) {
            return false;
        }
        byte[] page = page(handle);
        int header = header(handle, page);
        int length = prefix.length();
        if (length > header >>> 2) {
            return false;
        }
        int at = bodyOffset(handle, page);
        int form = header & 3;
        for (int i = 0; i < length; i++) {
            if (charAt(page, at, form, i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code handle}'s text is the {@code length} Latin-1 chars at {@code offset} in {@code bytes}. Any thread. */
    public boolean contentEqualsLatin1(int handle, byte[] bytes, int offset, int length) {
        byte[] page = page(handle);
        int header = header(handle, page);
        if (header >>> 2 != length) {
            return false;
        }
        int at = bodyOffset(handle, page);
        int form = header & 3;
        if (form == LATIN1) {
            return Arrays.equals(page, at, at + length, bytes, offset, offset + length);
        }
        if (form == UUID) {
            return bytes[offset + 8] == '-' && bytes[offset + 13] == '-' && bytes[offset + 18] == '-'
                    && bytes[offset + 23] == '-' && uuidDigitsEqual(page, at, null, bytes, offset);
        }
        for (int i = 0; i < length; i++) {
            if (page[at + 2 * i] != 0 || page[at + 2 * i + 1] != bytes[offset + i]) {
                return false;
            }
        }
        return true;
    }

    /** The {@link String#hashCode()} of {@code handle}'s text, without making it. Any thread. */
    public int hash(int handle) {
        byte[] page = page(handle);
        int header = header(handle, page);
        int at = bodyOffset(handle, page);
        int hash = 0;
        for (int i = 0, length = header >>> 2; i < length; i++) {
            hash = 31 * hash + charAt(page, at, header & 3, i);
        }
        return hash;
    }

    /** The {@link String#hashCode()} of the {@code length} Latin-1 chars at {@code offset} in {@code bytes}. */
    public static int hashLatin1(byte[] bytes, int offset, int length) {
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + (bytes[offset + i] & 0xff);
        }
        return hash;
    }

    /** Writes {@code handle}'s text ({@link #NULL} included) in the serialized form. Any thread. */
    public void writeTo(int handle, DataOutput out) throws IOException {
        if (handle == NULL) {
            out.writeInt(NULL);
            return;
        }
        byte[] page = page(handle);
        int header = header(handle, page);
        int length = header >>> 2;
        int at = bodyOffset(handle, page);
        switch (header & 3) {
            case LATIN1 -> {
                out.writeInt(length << 1);
                out.write(page, at, length);
            }
            case UUID -> {
                out.writeInt(UUID_LENGTH << 1);
                out.write(uuidBytes(page, at));
            }
            default -> {
                out.writeInt(length << 1 | 1);
                out.write(page, at, 2 * length);
            }
        }
    }

    /**
     * Writes {@code handle}'s text as one byte a char, without a header: for texts known to be
     * Latin-1 (session ids are ASCII). Any thread.
     *
     * @throws IllegalArgumentException when the text holds a char above 255
     */
    public void writeLatin1(int handle, DataOutput out) throws IOException {
        byte[] page = page(handle);
        int header = header(handle, page);
        requireArgument((header & 3) != UTF16, "the text is not Latin-1");
        int at = bodyOffset(handle, page);
        if ((header & 3) == LATIN1) {
            out.write(page, at, header >>> 2);
        } else {
            out.write(uuidBytes(page, at));
        }
    }

    /** Writes {@code text} (null included) in the serialized form. */
    public static void write(String text, DataOutput out) throws IOException {
        if (text == null) {
            out.writeInt(NULL);
            return;
        }
        boolean latin1 = true;
        for (int i = 0; i < text.length() && latin1; i++) {
            latin1 = text.charAt(i) < 256;
        }
        out.writeInt(text.length() << 1 | (latin1 ? 0 : 1));
        for (int i = 0; i < text.length(); i++) {
            if (latin1) {
                out.writeByte(text.charAt(i));
            } else {
                out.writeChar(text.charAt(i));
            }
        }
    }

    /**
     * Reads a text in the serialized form from {@code in}'s position; null for a null text.
     *
     * @throws IllegalArgumentException when the header is malformed or the text runs past the limit
     */
    public static String read(ByteBuffer in) {
        int header = in.getInt();
        if (header == NULL) {
            return null;
        }
        requireArgument(header >= 0, "bad text header %s", header);
        int length = header >>> 1;
        boolean utf16 = (header & 1) != 0;
        requireArgument(length <= in.remaining() && (!utf16 || 2 * length <= in.remaining()),
                "text of %s chars runs past the end", length);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = utf16 ? in.getChar() : (char) (in.get() & 0xff);
        }
        return new String(chars);
    }

    // ------------------------------------------------------------------ layout

    /** Reserves a header for {@code length} chars of {@code form} and {@code bytes} after it; returns the handle. */
    private int reserve(int length, int form, int bytes) {
        int header = length << 2 | form;
        int need = varintSize(header) + bytes;
        if (pageCount == 0 || pages[pageCount - 1].length - used < need) {
            // pages double from 4 KiB to PAGE_SIZE (see the class notes)
            newPage(Math.max(need, pageCount >= PAGE_BITS - FIRST_PAGE_BITS ? PAGE_SIZE : 1 << (FIRST_PAGE_BITS + pageCount)));
        }
        byte[] page = pages[pageCount - 1];
        int handle = (pageCount - 1) << PAGE_BITS | used;
        int at = used;
        for (int value = header; ; value >>>= 7) {
            if (value < 0x80) {
                page[at++] = (byte) value;
                break;
            }
            page[at++] = (byte) (value & 0x7f | 0x80);
        }
        reservedBody = at;
        used += need;
        return handle;
    }

    private void newPage(int size) {
        requireState(pageCount < MAX_PAGES, "the text arena is full: %s pages of %s bytes", MAX_PAGES, PAGE_SIZE);
        byte[][] directory = pages;
        if (pageCount == directory.length) {
            directory = Arrays.copyOf(directory, Math.min(MAX_PAGES, directory.length * 2));
        }
        directory[pageCount] = new byte[size];
        pages = directory; // publishes a grown directory; an element stored in place is published with its handles
        pageCount++;
        used = 0; // an oversized page holds one text, so the next text gets a new page
    }

    private byte[] page(int handle) {
        return pages[handle >>> PAGE_BITS];
    }

    private static int header(int handle, byte[] page) {
        int at = handle & (PAGE_SIZE - 1);
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = page[at++];
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static int bodyOffset(int handle, byte[] page) {
        int at = handle & (PAGE_SIZE - 1);
        while (page[at++] < 0) {
            // skip the header's continuation bytes
        }
        return at;
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    private static char charAt(byte[] page, int at, int form, int index) {
        return switch (form) {
            case LATIN1 -> (char) (page[at + index] & 0xff);
            case UUID -> uuidChar(page, at, index);
            default -> (char) (((page[at + 2 * index] & 0xff) << 8) | (page[at + 2 * index + 1] & 0xff));
        };
    }

    private static char uuidChar(byte[] page, int at, int index) {
        if (isUuidDash(index)) {
            return '-';
        }
        return HEX[nibble(page, at, index - (index > 23 ? 4 : index > 18 ? 3 : index > 13 ? 2 : index > 8 ? 1 : 0))];
    }

    /** Nibble {@code index} (0 to 31) of a UUID stored at {@code at}: its value, 0 to 15. */
    private static int nibble(byte[] page, int at, int index) {
        int b = page[at + (index >> 1)];
        return (index & 1) == 0 ? (b >> 4) & 0xf : b & 0xf;
    }

    /** The value of a lower-case hex digit, -1 for any other char. */
    private static int hexValue(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private static byte[] uuidBytes(byte[] page, int at) {
        byte[] bytes = new byte[UUID_LENGTH];
        for (int i = 0; i < UUID_LENGTH; i++) {
            bytes[i] = (byte) uuidChar(page, at, i);
        }
        return bytes;
    }

    private static boolean isUuidDash(int index) {
        return index == 8 || index == 13 || index == 18 || index == 23;
    }

    /** Adds a UUID already packed into 16 bytes. */
    private int addUuid(byte[] packed) {
        int handle = reserve(UUID_LENGTH, UUID, UUID_BYTES);
        System.arraycopy(packed, 0, page(handle), reservedBody, UUID_BYTES);
        return handle;
    }

    /**
     * Whether the 32 hex digits of the UUID stored at {@code at} are those of {@code text}, or of the
     * Latin-1 chars at {@code offset} in {@code bytes} when {@code text} is null; without packing them.
     */
    private static boolean uuidDigitsEqual(byte[] page, int at, String text, byte[] bytes, int offset) {
        for (int k = 0; k < UUID_BYTES; k++) {
            int first = HEX_DIGITS[2 * k];
            int second = HEX_DIGITS[2 * k + 1];
            int high = hexValue(text != null ? text.charAt(first) : (char) (bytes[offset + first] & 0xff));
            int low = hexValue(text != null ? text.charAt(second) : (char) (bytes[offset + second] & 0xff));
            if ((high | low) < 0 || (byte) (high << 4 | low) != page[at + k]) {
                return false;
            }
        }
        return true;
    }

    /** Packs the 36 chars of {@code text} into {@code packed} when they are a lower-case UUID; false when not. */
    private static boolean packUuid(String text, byte[] packed) {
        if (text.length() != UUID_LENGTH || text.charAt(8) != '-' || text.charAt(13) != '-' || text.charAt(18) != '-'
                || text.charAt(23) != '-') {
            return false;
        }
        for (int k = 0; k < UUID_BYTES; k++) {
            int high = hexValue(text.charAt(HEX_DIGITS[2 * k]));
            int low = hexValue(text.charAt(HEX_DIGITS[2 * k + 1]));
            if ((high | low) < 0) {
                return false;
            }
            packed[k] = (byte) (high << 4 | low);
        }
        return true;
    }

    /** Packs the 36 Latin-1 chars at {@code offset} into {@code packed} when they are a lower-case UUID. */
    private static boolean packUuid(byte[] bytes, int offset, byte[] packed) {
        if (bytes[offset + 8] != '-' || bytes[offset + 13] != '-' || bytes[offset + 18] != '-'
                || bytes[offset + 23] != '-') {
            return false;
        }
        for (int k = 0; k < UUID_BYTES; k++) {
            int high = hexValue((char) (bytes[offset + HEX_DIGITS[2 * k]] & 0xff));
            int low = hexValue((char) (bytes[offset + HEX_DIGITS[2 * k + 1]] & 0xff));
            if ((high | low) < 0) {
                return false;
            }
            packed[k] = (byte) (high << 4 | low);
        }
        return true;
    }
}
