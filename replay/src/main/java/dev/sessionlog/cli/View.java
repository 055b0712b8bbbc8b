package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * How one kind of row is shown: as table columns for people and as a JSON object for machines.
 *
 * @param <T> the row type
 */
interface View<T> {

    /** The table columns, in order. */
    List<Column<T>> columns();

    /** The row as a JSON object. */
    ObjectNode json(T row);
}
