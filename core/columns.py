"""The columns of a data set: one list per set, read by the open data files and by the admin's import and export."""

from dataclasses import dataclass

# Columns a file may show but an import never writes: publication is the city's, timestamps are the database's.
NOT_IMPORTED = {"id", "url", "published_at", "updated_at"}


@dataclass(frozen=True)
class Column:
    key: str  # the file's column name: a field, a related record's slug (organizer__slug) or a list of slugs
    label_ko: str
    label_en: str
    is_list: bool = False

    @property
    def field(self):
        """The model field the column reads and writes."""
        return self.key.split("__")[0]


def columns(*rows):
    return tuple(Column(*row) for row in rows)


def imported_fields(data_set_columns):
    """The model fields an import writes, in the columns' order."""
    return [column.field for column in data_set_columns if column.key not in NOT_IMPORTED]
