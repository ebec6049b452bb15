"""The dashboard's parts (dashboard.py lays them out). They only render: every read,
figure, text and export comes from core/."""
