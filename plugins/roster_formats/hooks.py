from plugins.api import hookimpl


@hookimpl
def register_roster_formats():
    from plugins.roster_formats.formats import CsvRosterFormat, XlsxRosterFormat

    return [XlsxRosterFormat(), CsvRosterFormat()]
