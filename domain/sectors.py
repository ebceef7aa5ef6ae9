"""Sectors (行业领域) and hazard levels; display names are catalog keys `sector-<code>`, `level-<code>`."""

from enum import StrEnum


class Sector(StrEnum):
    ROAD = "road"  # 道路交通
    CONSTRUCTION = "construction"  # 建筑施工
    FIRE = "fire"  # 消防
    GAS = "gas"  # 燃气
    HAZCHEM = "hazchem"  # 危险化学品
    FIREWORKS = "fireworks"  # 烟花爆竹
    MINING = "mining"  # 非煤矿山
    WATER = "water"  # 水上交通/渔业船舶
    EQUIPMENT = "equipment"  # 特种设备
    CROWDED = "crowded"  # 人员密集场所
    INDUSTRY = "industry"  # 工贸/粉尘涉爆/有限空间
    OTHER = "other"  # 其他


class Level(StrEnum):
    GENERAL = "general"  # 一般
    MAJOR = "major"  # 重大
