package dev.sessionlog.util;

import static dev.sessionlog.util.Preconditions.requireArgument;

import io.vavr.collection.Vector;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable {@link java.util.List} backed by a vavr {@link Vector}, so that a projection's fold
 * can append in effectively constant time and share structure between states, while callers see a
 * plain {@code java.util.List} (vavr never leaks through the API). Mutators throw
 * {@link UnsupportedOperationException}.
 *
 * @param <E> the element type
 */
public final class PersistentList<E> extends AbstractList<E> implements RandomAccess {
    private static final PersistentList<Object> EMPTY = new PersistentList<>(Vector.empty());

    private final Vector<E> elements;

    private PersistentList(Vector<E> elements) {
        this.elements = elements;
    }

    /** The empty list. */
    @SuppressWarnings("unchecked")
    public static <E> PersistentList<E> empty() {
        return (PersistentList<E>) EMPTY;
    }

    /** {@code list} itself when it is a persistent list, otherwise an immutable copy of it. */
    public static <E> PersistentList<E> from(List<E> list) {
        requireArgument(list != null, "list must not be null");
        if (list instanceof PersistentList) {
            return (PersistentList<E>) list;
        }
        return new PersistentList<>(Vector.ofAll(list));
    }

    /** A new list: this one with {@code element} at the end. This list is unchanged. */
    public PersistentList<E> append(E element) {
        return new PersistentList<>(elements.append(element));
    }

    @Override
    public E get(int index) {
        if (index < 0 || index >= elements.size()) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + elements.size());
        }
        return elements.get(index);
    }

    @Override
    public int size() {
        return elements.size();
    }
}
