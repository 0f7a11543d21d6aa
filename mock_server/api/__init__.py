"""The API surfaces the real server has: handlers that read a request and call a service, input mapping, and the
views that shape the answers.
"""
