"""Fetch what a view works on, scoped to the user: 404 outside, 403 for read-only writes.

The rules are orglife.selectors'; this module only turns their answers into HTTP.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from orglife.models import Cycle, Material
from orglife.selectors import can_edit_material, cycles_for_user, materials_for_user, may_edit_branch


def get_cycle(request: HttpRequest, cycle_id: int, *, write: bool = False) -> Cycle:
    cycle = get_object_or_404(cycles_for_user(request.user), pk=cycle_id)
    if write and not may_edit_branch(request.user, cycle.branch):
        raise PermissionDenied("只有支部委员可以修改。")
    return cycle


def get_material(request: HttpRequest, material_id: int, *, write: bool = False) -> Material:
    material = get_object_or_404(materials_for_user(request.user), pk=material_id)
    if write and not can_edit_material(request.user, material):
        raise PermissionDenied("您只能查看这份材料，不能修改。")
    return material
