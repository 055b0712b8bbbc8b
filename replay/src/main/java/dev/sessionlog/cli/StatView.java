package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Name/value rows. */
enum StatView implements View<Stat> {
    INSTANCE;

    @Override
    public List<Column<Stat>> columns() {
        return List.of(Column.text("NAME", 40, Stat::name), Column.text("VALUE", 200, Stat::text));
    }

    @Override
    public ObjectNode json(Stat row) {
        return Json.put(Json.object().put("name", row.name()), "value", row.value());
    }
}
