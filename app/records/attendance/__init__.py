"""attendance"""
