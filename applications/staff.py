"""Files of applications for staff: only through this view, which asks who is looking (the owning institute's
editors, the city's); a direct media address never serves them (they are not under the public media)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import ApplicationFile
from .views import file_response


@staff_member_required
def staff_file(request, pk):
    file = get_object_or_404(ApplicationFile.objects.select_related("application__form__program"), pk=pk)
    if not request.user.has_perm("applications.view_application") or not file.application.is_editable_by(request.user):
        raise PermissionDenied
    return file_response(file)
