"""Exports of opinion collection: the 意见建议汇总表 (Excel and PDF) and the QR poster."""
