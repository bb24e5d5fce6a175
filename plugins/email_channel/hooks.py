from plugins.api import hookimpl


@hookimpl
def register_notification_channels():
    from .channel import EmailChannel

    return [EmailChannel()]
