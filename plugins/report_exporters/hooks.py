from plugins.api import hookimpl


@hookimpl
def register_report_exporters():
    from .exporters import CsvExporter, XlsxExporter

    return [CsvExporter(), XlsxExporter()]
