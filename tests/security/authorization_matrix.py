"""The authorization table: every URL pattern by every demo role → the answer expected.

tests/security/test_authorization_matrix.py walks every URL pattern the site serves (Django's
resolver, with the Wagtail admin, the snippet viewsets, the plugins under /plugins/<name>/
and the Wagtail page routes) and fails while a pattern has no row here; then it requests
every row as every role and compares.

A row:

    <pattern key> [@case] [POST] [parameter=object ...] [?query] | <7 answers, or a PROFILE>

- pattern key: the URL name (``namespace:name``); a name shared by several patterns gets
  its parameters in brackets; an unnamed pattern is "/" + its route. The failing test
  prints the key of each pattern that has no row.
- @case: several rows per pattern, e.g. an object in the officer's scope and one outside.
- POST: request with an empty POST instead of GET (only where it matters).
- parameter=object: an object of tests/security/world.py by name (``pk=person_outside``;
  add a new kind of object there), or a literal in quotes (``action_name='approve'``). Parameters not given take the
  object named in DEFAULT_PARAMETERS. ``url=`` gives the whole path instead (unnamed and
  regex patterns); it must resolve to the row's pattern.
- ?query: a query string; {object} is replaced by that object's value.
- answers, in the order of ROLES: 200 (any 2xx), login (redirect to a login page),
  deny (Wagtail's "permission denied": a redirect to the admin dashboard with an error
  message; an XMLHttpRequest would get 403),
  302 (any other redirect), or the status code itself: 400, 403, 404, 405, 429, 500.

Each request runs in a savepoint that is rolled back, with the role's cookies as they were
and an empty cache (no rate limit carries over), so rows do not disturb each other.
"""

ROLES = ("anonymous", "learner", "citizen", "trainer", "hr", "hr.tanuyen", "admin")

PROFILES = {
    # Anyone, signed in or not.
    "PUBLIC": "200 200 200 200 200 200 200",
    # Any signed-in user.
    "SIGNED_IN": "login 200 200 200 200 200 200",
    # Anyone who may open the admin: trainers, HR officers, administrators.
    "ADMIN_USERS": "login login login 200 200 200 200",
    # Course authors (trainers) and administrators.
    "EDITORS": "login login login 200 deny deny 200",
    # HR officers (within their units) and administrators.
    "HR": "login login login deny 200 200 200",
    # Administrators only.
    "SUPERUSER": "login login login deny deny deny 200",
    # Only POST is allowed (require_POST before anything else).
    "POST_ONLY": "405 405 405 405 405 405 405",
    # An admin URL that only takes POST.
    "ADMIN_POST_ONLY": "login login login 405 405 405 405",
    # Nobody, administrators included (frozen certificates: revoke and re-issue instead).
    "FROZEN": "login login login deny deny deny deny",
    # An admin URL whose object does not exist in this site (e.g. no form pages).
    "ADMIN_NOT_FOUND": "login login login 404 404 404 404",
}

# Parameters a row does not give are filled by name from these objects of the world.
DEFAULT_PARAMETERS = {
    "page_id": "course",
    "parent_page_id": "catalogue",
    "page_to_move_id": "lesson",
    "destination_id": "catalogue",
    "content_type_app_name": "content_app",
    "content_type_model_name": "content_model",
    "revision_id": "revision",
    "revision_id_a": "'earliest'",
    "revision_id_b": "'latest'",
    "workflow_state_id": "workflow_state",
    "task_state_id": "task_state",
    "task_id": "task",
    "page_pk": "course",
    "workflow_pk": "workflow",
    "collection_id": "collection",
    "redirect_id": "redirect",
    "document_id": "document",
    "doc_id": "document",
    "image_id": "image",
    "filter_spec": "image_filter",
    "uploaded_file_id": "uploaded_file",
    "session_id": "editing_session",
    "restriction_id": "collection_restriction",
    "page_view_restriction_id": "page_restriction",
    "course_id": "course",
    "lesson_id": "lesson",
    "block_id": "quiz_block",
    "code": "certificate_code",
    "parent_pk": "unit",
    "name": "plugin",
    "uidb64": "uidb64",
    "token": "token",
}

TABLE = """
# --- Public site ------------------------------------------------------------------------------
wagtail_serve @home            url=home_url                  | PUBLIC
wagtail_serve @catalogue       url=catalogue_url             | PUBLIC
wagtail_serve @course          url=course_url                | PUBLIC
# Lessons are for enrolled learners: others go to the course page to enrol.
wagtail_serve @lesson          url=lesson_url                | login 200 302 302 302 302 302
wagtail_serve @quiz_lesson     url=quiz_lesson_url           | login 200 302 302 302 302 302
wagtail_serve @missing         url='/courses/khong-co/'      | 404 404 404 404 404 404 404
wagtailcore_authenticate_with_password                       | PUBLIC
wagtailcore_login                                            | PUBLIC
set_language                                                 | 302 302 302 302 302 302 302
set_language @post POST                                      | 302 302 302 302 302 302 302
login                                                        | 200 302 302 302 302 302 302
register                                                     | 200 302 302 302 302 302 302
# Single sign-on (lms.identity): no provider is configured here, so a provider's addresses are
# not found; the completion page without a sign-in in progress sends back to the login.
sso_login                      provider_code='vneid'         | 404 404 404 404 404 404 404
sso_callback                   provider_code='vneid'         | 404 404 404 404 404 404 404
sso_complete                                                 | login login login login login login login
# What sign-ins recorded under the data protection law (lms.identity): administrators only.
personal_data_records:index                                  | SUPERUSER
personal_data_records:index_results                          | SUPERUSER
# A citizen's one link out of reminders: signed for one person; anything else is not found.
reminders_opt_out              token=opt_out_token           | PUBLIC
reminders_opt_out @post POST   token=opt_out_token           | PUBLIC
reminders_opt_out @tampered    token='not-a-signed-link'     | 404 404 404 404 404 404 404
logout                                                       | POST_ONLY
logout @post POST                                            | 302 302 302 302 302 302 302
my_learning                                                  | SIGNED_IN
profile                                                      | SIGNED_IN
password_change                                              | SIGNED_IN
# Two-factor sign-in (lms.mfa), tested here with LMS_REQUIRE_2FA off as in development: the
# page says it is not needed, set-up and the code step send back to it (no one has an app).
mfa:manage                                                   | SIGNED_IN
mfa:manage @post POST                                        | SIGNED_IN
mfa:setup                                                    | login 302 302 302 302 302 302
mfa:setup @post POST                                         | login 302 302 302 302 302 302
mfa:verify                                                   | login 302 302 302 302 302 302
mfa:verify @post POST                                        | login 302 302 302 302 302 302
# Password reset by e-mail: open to all (the reset link carries the proof).
password_reset                                               | PUBLIC
password_reset_done                                          | PUBLIC
password_reset_confirm                                       | PUBLIC
password_reset_complete                                      | PUBLIC
# An invitation to set a password (lms.org.invitations): its link carries the proof.
invitation_accept                                            | PUBLIC
favicon                                                      | 302 302 302 302 302 302 302
# Learner and citizen are linked to their records already: they are sent to My learning.
link_record                                                  | login 302 302 200 200 200 200
link_request                                                 | login 302 302 200 200 200 200
course_enrol                                                 | POST_ONLY
course_enrol @post POST                                      | login 302 302 302 302 302 302
course_enrol @draft POST       course_id=draft               | login 404 404 404 404 404 404
lesson_done                                                  | POST_ONLY
# Only the enrolled learner may mark a lesson done; for anyone else the lesson is not there.
lesson_done @post POST                                       | login 302 404 404 404 404 404
quiz_submit                    lesson_id=quiz_lesson         | POST_ONLY
quiz_submit @post POST         lesson_id=quiz_lesson         | login 302 404 404 404 404 404

# --- Certificates: public verification, downloads by whoever may have them --------------------
certificate_verify_form                                      | PUBLIC
certificate_verify                                           | PUBLIC
certificate_verify @unknown    code='AAAA-BBBB-CCCC-DDDD'    | 404 404 404 404 404 404 404
# A Tân Uyên staff member's certificate: theirs (not a role here), their HR officers', admins'.
certificate_download                                         | 404 404 404 404 200 200 200
# The learner's own, outside Tân Uyên: 404 for Tân Uyên's officer.
certificate_download @outside  code=certificate_outside_code | 404 200 404 404 200 404 200
# A learner's own certificate status, polled while it is prepared: nobody else's.
certificate_status                                           | login 200 404 404 404 404 404

# --- Documents --------------------------------------------------------------------------------
wagtaildocs_serve              url=document_url              | PUBLIC
# In a collection with a password: the password form first.
wagtaildocs_serve @private     url=private_document_url      | PUBLIC
wagtaildocs_authenticate_with_password                       | PUBLIC

# --- Wagtail admin: sign-in and account -------------------------------------------------------
# Signed-in admin users are sent on to the dashboard.
wagtailadmin_login                                           | 200 200 200 302 302 302 302
wagtailadmin_logout                                          | ADMIN_POST_ONLY
wagtailadmin_password_reset                                  | PUBLIC
wagtailadmin_password_reset_done                             | PUBLIC
wagtailadmin_password_reset_confirm                          | PUBLIC
wagtailadmin_password_reset_complete                         | PUBLIC
wagtailadmin_javascript_catalog                              | PUBLIC
wagtailadmin_sprite                                          | PUBLIC
wagtailadmin_home                                            | ADMIN_USERS
wagtailadmin_account                                         | ADMIN_USERS
wagtailadmin_dismissibles                                    | ADMIN_USERS
wagtailadmin_editing_sessions:ping   app_label=content_app model_name=content_model object_id=course | ADMIN_POST_ONLY
wagtailadmin_editing_sessions:release                        | ADMIN_POST_ONLY
wagtailadmin_block_preview                                   | ADMIN_NOT_FOUND
# Wagtail's deliberate error page, to check error reporting.
wagtailadmin_error_test                                      | login login login 500 500 500 500
# Wagtail's preview of its own 404 page.
/admin/test404/                url='/admin/test404/'         | ADMIN_USERS
/admin/^.*/$                   url='/admin/khong-co/'        | ADMIN_NOT_FOUND
wagtailadmin_tag_autocomplete                                | ADMIN_USERS
wagtailadmin_tag_model_autocomplete  app_name='taggit' model_name='tag' | ADMIN_USERS

# --- Wagtail admin: pages (trainers author courses under the catalogue) -----------------------
wagtailadmin_explore_root                                    | login login login 302 deny deny 200
wagtailadmin_explore                                         | EDITORS
wagtailadmin_explore_results                                 | EDITORS
wagtailadmin_pages:add                                       | EDITORS
wagtailadmin_pages:preview_on_add                            | EDITORS
wagtailadmin_pages:type_use                                  | EDITORS
wagtailadmin_pages:type_use_results                          | EDITORS
# Lists the parents the user may add under: none for HR officers.
wagtailadmin_pages:choose_parent  app_label=content_app model_name=content_model | login login login 302 200 200 302
wagtailadmin_pages:usage                                     | EDITORS
wagtailadmin_pages:edit                                      | EDITORS

wagtailadmin_pages:preview_on_edit                           | EDITORS
wagtailadmin_pages:view_draft                                | EDITORS
wagtailadmin_pages:add_subpage                               | login login login 302 deny deny 302
wagtailadmin_pages:copy                                      | EDITORS
wagtailadmin_pages:delete                                    | SUPERUSER
# Trainers may delete a draft of their own that was never published.
wagtailadmin_pages:delete @post POST  page_id=draft          | login login login 302 deny deny 302
wagtailadmin_pages:unpublish                                 | SUPERUSER
wagtailadmin_pages:convert_alias                             | ADMIN_NOT_FOUND
wagtailadmin_pages:search                                    | EDITORS
wagtailadmin_pages:search_results                            | EDITORS
wagtailadmin_pages:move                                      | SUPERUSER
# Wagtail's confirmation page asks nothing; the move itself is checked.
wagtailadmin_pages:move_confirm  destination_id=draft       | ADMIN_USERS
wagtailadmin_pages:move_confirm @post POST  destination_id=draft | login login login deny deny deny 302
wagtailadmin_pages:set_page_position                         | ADMIN_POST_ONLY
# The draft is in review: reviewers (here administrators) act on it.
wagtailadmin_pages:workflow_action  page_id=draft action_name='approve' | SUPERUSER
wagtailadmin_pages:collect_workflow_action_data  page_id=draft action_name='approve' | SUPERUSER
wagtailadmin_pages:confirm_workflow_cancellation             | ADMIN_USERS
wagtailadmin_pages:workflow_preview  page_id=draft           | login login login deny deny deny 200
wagtailadmin_pages:set_privacy                               | SUPERUSER
wagtailadmin_pages:lock                                      | ADMIN_POST_ONLY
wagtailadmin_pages:unlock                                    | ADMIN_POST_ONLY
wagtailadmin_pages:revisions_index                           | login login login 302 302 302 302
wagtailadmin_pages:revisions_view                            | EDITORS
wagtailadmin_pages:revisions_revert                          | EDITORS
wagtailadmin_pages:revisions_unschedule                      | SUPERUSER
wagtailadmin_pages:revisions_compare  pk=course              | EDITORS
wagtailadmin_pages:workflow_history                          | EDITORS
wagtailadmin_pages:workflow_history_detail  page_id=draft    | EDITORS
wagtailadmin_pages:history                                   | EDITORS
wagtailadmin_pages:history_results                           | EDITORS
wagtail_bulk_action  app_label='wagtailcore' model_name='page' action='delete' | ADMIN_NOT_FOUND
wagtailadmin_choose_page                                     | ADMIN_USERS
wagtailadmin_choose_page_child                               | ADMIN_USERS
wagtailadmin_choose_page_search                              | ADMIN_USERS
wagtailadmin_choose_page_chosen_multiple                     | ADMIN_USERS
wagtailadmin_choose_page_external_link                       | ADMIN_USERS
wagtailadmin_choose_page_email_link                          | ADMIN_USERS
wagtailadmin_choose_page_phone_link                          | ADMIN_USERS
wagtailadmin_choose_page_anchor_link                         | ADMIN_USERS
wagtailadmin_api:pages:listing                               | ADMIN_USERS
wagtailadmin_api:pages:detail  pk=course                     | login login login 200 404 404 200
wagtailadmin_api:pages:find                                  | ADMIN_NOT_FOUND
wagtailadmin_api:pages:action  pk=course action_name='copy'  | ADMIN_POST_ONLY
wagtailadmin_api:documents:listing                           | ADMIN_USERS
wagtailadmin_api:documents:detail  pk=document               | ADMIN_USERS
wagtailadmin_api:documents:find                              | ADMIN_NOT_FOUND
wagtailadmin_api:images:listing                              | ADMIN_USERS
wagtailadmin_api:images:detail  pk=image                     | ADMIN_USERS
wagtailadmin_api:images:find                                 | ADMIN_NOT_FOUND
wagtailadmin_reports:locked_pages                            | SUPERUSER
wagtailadmin_reports:locked_pages_results                    | SUPERUSER
wagtailadmin_reports:workflow                                | EDITORS
wagtailadmin_reports:workflow_results                        | EDITORS
wagtailadmin_reports:workflow_tasks                          | EDITORS
wagtailadmin_reports:workflow_tasks_results                  | EDITORS
# Each user sees the history of what they may edit.
wagtailadmin_reports:site_history                            | ADMIN_USERS
wagtailadmin_reports:site_history_results                    | ADMIN_USERS
wagtailadmin_reports:aging_pages                             | EDITORS
wagtailadmin_reports:aging_pages_results                     | EDITORS
wagtailadmin_reports:page_types_usage                        | EDITORS
wagtailadmin_reports:page_types_usage_results                | EDITORS
wagtailforms:index                                           | EDITORS
wagtailforms:index_results                                   | EDITORS
wagtailforms:list_submissions                                | ADMIN_NOT_FOUND
wagtailforms:list_submissions_results                        | ADMIN_NOT_FOUND
wagtailforms:delete_submissions                              | login login login deny deny deny deny

# --- Wagtail admin: workflows, collections, sites, users, redirects (administrators) ----------
wagtailadmin_workflows:index                                 | SUPERUSER
wagtailadmin_workflows:index_results                         | SUPERUSER
wagtailadmin_workflows:add                                   | SUPERUSER
wagtailadmin_workflows:enable    pk=workflow                 | ADMIN_POST_ONLY
wagtailadmin_workflows:disable   pk=workflow                 | SUPERUSER
wagtailadmin_workflows:edit      pk=workflow                 | SUPERUSER
wagtailadmin_workflows:usage     pk=workflow                 | SUPERUSER
wagtailadmin_workflows:usage_results  pk=workflow            | SUPERUSER
wagtailadmin_workflows:remove(page_pk)                       | ADMIN_POST_ONLY
wagtailadmin_workflows:remove(page_pk,workflow_pk)           | ADMIN_POST_ONLY
wagtailadmin_workflows:add_task  app_label=task_app model_name=task_model | SUPERUSER
wagtailadmin_workflows:select_task_type                      | login login login deny deny deny 302
wagtailadmin_workflows:task_index                            | SUPERUSER
wagtailadmin_workflows:task_index_results                    | SUPERUSER
wagtailadmin_workflows:edit_task     pk=task                 | SUPERUSER
wagtailadmin_workflows:disable_task  pk=task                 | SUPERUSER
wagtailadmin_workflows:enable_task   pk=task                 | ADMIN_POST_ONLY
# Lists task names only; creating one needs the "add task" permission.
wagtailadmin_workflows:task_chooser                          | ADMIN_USERS
wagtailadmin_workflows:task_chooser_results                  | ADMIN_USERS
wagtailadmin_workflows:task_chooser_create                   | ADMIN_USERS
wagtailadmin_workflows:task_chooser_create @post POST        | login login login 400 400 400 200
wagtailadmin_workflows:task_chosen                           | ADMIN_USERS
wagtailadmin_collections:index                               | SUPERUSER
wagtailadmin_collections:add                                 | SUPERUSER
wagtailadmin_collections:edit    pk=collection               | SUPERUSER
wagtailadmin_collections:delete  pk=collection               | login login login 404 404 404 200
wagtailadmin_collections:set_privacy                         | SUPERUSER
wagtailsites:index                                           | SUPERUSER
wagtailsites:index_results                                   | SUPERUSER
wagtailsites:add                                             | SUPERUSER
wagtailsites:edit             pk=site                        | SUPERUSER
wagtailsites:delete           pk=site                        | SUPERUSER
wagtailsites:history          pk=site                        | SUPERUSER
wagtailsites:history_results  pk=site                        | SUPERUSER
wagtailsites:usage            pk=site                        | SUPERUSER
wagtailsites:copy             pk=site                        | SUPERUSER
wagtailusers_users:index                                     | SUPERUSER
wagtailusers_users:index_results                             | SUPERUSER
wagtailusers_users:add                                       | SUPERUSER
wagtailusers_users:edit             pk=user                  | SUPERUSER
wagtailusers_users:edit @post POST  pk=user                  | SUPERUSER
wagtailusers_users:delete           pk=user                  | SUPERUSER
wagtailusers_users:history          pk=user                  | SUPERUSER
wagtailusers_users:history_results  pk=user                  | SUPERUSER
wagtailusers_users:usage            pk=user                  | SUPERUSER
wagtailusers_users:copy             pk=user                  | SUPERUSER
wagtailusers_groups:index                                    | SUPERUSER
wagtailusers_groups:index_results                            | SUPERUSER
wagtailusers_groups:add                                      | SUPERUSER
wagtailusers_groups:edit             pk=group                | SUPERUSER
wagtailusers_groups:delete           pk=group                | SUPERUSER
wagtailusers_groups:history          pk=group                | SUPERUSER
wagtailusers_groups:history_results  pk=group                | SUPERUSER
wagtailusers_groups:usage            pk=group                | SUPERUSER
wagtailredirects:index                                       | SUPERUSER
wagtailredirects:index_results                               | SUPERUSER
wagtailredirects:add                                         | SUPERUSER
wagtailredirects:edit                                        | SUPERUSER
wagtailredirects:delete                                      | SUPERUSER
wagtailredirects:start_import                                | SUPERUSER
wagtailredirects:process_import                              | login login login deny deny deny 405
# No settings model is registered: nothing to edit.
wagtailsettings:edit(app_name,model_name)  app_name=content_app model_name=content_model | ADMIN_NOT_FOUND
wagtailsettings:edit(app_name,model_name,pk)  app_name=content_app model_name=content_model pk=site | ADMIN_NOT_FOUND
wagtailsettings:preview_on_edit  app_name=content_app model_name=content_model pk=site | ADMIN_NOT_FOUND
wagtailembeds:chooser                                        | ADMIN_USERS
wagtailembeds:chooser_upload                                 | ADMIN_USERS

# --- Wagtail admin: images and documents (trainers upload; choosers filter by permission) -----
wagtaildocs:index                                            | EDITORS
wagtaildocs:index_results                                    | EDITORS
wagtaildocs:add                                              | EDITORS
wagtaildocs:edit                                             | SUPERUSER
wagtaildocs:delete                                           | SUPERUSER
wagtaildocs:add_multiple                                     | EDITORS
wagtaildocs:edit_multiple                                    | ADMIN_POST_ONLY
wagtaildocs:create_multiple_from_uploaded_document           | ADMIN_POST_ONLY
wagtaildocs:delete_multiple                                  | ADMIN_POST_ONLY
wagtaildocs:delete_upload_multiple                           | ADMIN_POST_ONLY
wagtaildocs:document_usage                                   | SUPERUSER
wagtaildocs_chooser:choose                                   | ADMIN_USERS
wagtaildocs_chooser:choose_results                           | ADMIN_USERS
wagtaildocs_chooser:chosen            pk=document            | EDITORS
wagtaildocs_chooser:chosen_multiple                          | ADMIN_USERS
wagtaildocs_chooser:create                                   | EDITORS
wagtailimages:index                                          | EDITORS
wagtailimages:index_results                                  | EDITORS
wagtailimages:add                                            | EDITORS
wagtailimages:edit                                           | SUPERUSER
wagtailimages:delete                                         | SUPERUSER
wagtailimages:url_generator                                  | login login login 404 deny deny 404
wagtailimages:url_generator_output                           | login login login 404 deny deny 404
wagtailimages:preview                                        | SUPERUSER
wagtailimages:image_usage                                    | SUPERUSER
wagtailimages:add_multiple                                   | EDITORS
wagtailimages:edit_multiple                                  | ADMIN_POST_ONLY
wagtailimages:create_multiple_from_uploaded_image            | ADMIN_POST_ONLY
wagtailimages:delete_multiple                                | ADMIN_POST_ONLY
wagtailimages:delete_upload_multiple                         | ADMIN_POST_ONLY
wagtailimages_chooser:choose                                 | ADMIN_USERS
wagtailimages_chooser:choose_results                         | ADMIN_USERS
wagtailimages_chooser:chosen          pk=image               | EDITORS
wagtailimages_chooser:chosen_multiple                        | ADMIN_USERS
wagtailimages_chooser:create                                 | EDITORS
wagtailimages_chooser:select_format                          | EDITORS

# --- Snippets ---------------------------------------------------------------------------------
wagtailsnippets:index                                        | EDITORS
# Competency areas: public catalogue filters, edited by administrators.
wagtailsnippets_courses_competencyarea:list                  | SUPERUSER
wagtailsnippets_courses_competencyarea:list_results          | SUPERUSER
wagtailsnippets_courses_competencyarea:add                   | SUPERUSER
wagtailsnippets_courses_competencyarea:edit             pk=competency_area | SUPERUSER
wagtailsnippets_courses_competencyarea:delete           pk=competency_area | SUPERUSER
wagtailsnippets_courses_competencyarea:usage            pk=competency_area | SUPERUSER
wagtailsnippets_courses_competencyarea:history          pk=competency_area | SUPERUSER
wagtailsnippets_courses_competencyarea:history_results  pk=competency_area | SUPERUSER
wagtailsnippets_courses_competencyarea:copy             pk=competency_area | SUPERUSER
wagtailsnippetchoosers_courses_competencyarea:choose         | ADMIN_USERS
wagtailsnippetchoosers_courses_competencyarea:choose_results | ADMIN_USERS
wagtailsnippetchoosers_courses_competencyarea:chosen    pk=competency_area | ADMIN_USERS
wagtailsnippetchoosers_courses_competencyarea:chosen_multiple | ADMIN_USERS
wagtailsnippetchoosers_courses_competencyarea:create         | SUPERUSER
# Population figures: administrators edit; HR officers may choose their units' figures.
wagtailsnippets_org_populationfigure:list                    | SUPERUSER
wagtailsnippets_org_populationfigure:list_results            | SUPERUSER
wagtailsnippets_org_populationfigure:add                     | SUPERUSER
wagtailsnippets_org_populationfigure:edit             pk=population_figure | SUPERUSER
wagtailsnippets_org_populationfigure:delete           pk=population_figure | SUPERUSER
wagtailsnippets_org_populationfigure:usage            pk=population_figure | SUPERUSER
wagtailsnippets_org_populationfigure:history          pk=population_figure | SUPERUSER
wagtailsnippets_org_populationfigure:history_results  pk=population_figure | SUPERUSER
wagtailsnippets_org_populationfigure:copy             pk=population_figure | SUPERUSER
wagtailsnippetchoosers_org_populationfigure:choose           | HR
wagtailsnippetchoosers_org_populationfigure:choose_results   | HR
wagtailsnippetchoosers_org_populationfigure:chosen    pk=population_figure | HR
wagtailsnippetchoosers_org_populationfigure:chosen @outside  pk=population_figure_outside | login login login deny 200 404 200
wagtailsnippetchoosers_org_populationfigure:chosen_multiple  | HR
wagtailsnippetchoosers_org_populationfigure:create           | SUPERUSER
# Targets: administrators edit; HR officers may choose those that count their people.
wagtailsnippets_targets_target:list                          | SUPERUSER
wagtailsnippets_targets_target:list_results                  | SUPERUSER
wagtailsnippets_targets_target:add                           | SUPERUSER
wagtailsnippets_targets_target:edit             pk=target    | SUPERUSER
wagtailsnippets_targets_target:edit @post POST  pk=target    | SUPERUSER
wagtailsnippets_targets_target:delete           pk=target    | SUPERUSER
wagtailsnippets_targets_target:usage            pk=target    | SUPERUSER
wagtailsnippets_targets_target:history          pk=target    | SUPERUSER
wagtailsnippets_targets_target:history_results  pk=target    | SUPERUSER
wagtailsnippets_targets_target:copy             pk=target    | SUPERUSER
wagtailsnippetchoosers_targets_target:choose                 | HR
wagtailsnippetchoosers_targets_target:choose_results         | HR
wagtailsnippetchoosers_targets_target:chosen    pk=target    | HR
wagtailsnippetchoosers_targets_target:chosen @outside  pk=target_outside | login login login deny 200 404 200
wagtailsnippetchoosers_targets_target:chosen_multiple        | HR
wagtailsnippetchoosers_targets_target:create                 | SUPERUSER
# Certificate templates: trainers design them (a course needs one); not HR officers.
wagtailsnippets_certificates_certificatetemplate:list                       | EDITORS
wagtailsnippets_certificates_certificatetemplate:list_results               | EDITORS
wagtailsnippets_certificates_certificatetemplate:add                        | EDITORS
wagtailsnippets_certificates_certificatetemplate:edit    pk=certificate_template | EDITORS
wagtailsnippets_certificates_certificatetemplate:delete  pk=certificate_template | SUPERUSER
wagtailsnippets_certificates_certificatetemplate:usage   pk=certificate_template | EDITORS
wagtailsnippets_certificates_certificatetemplate:history pk=certificate_template | EDITORS
wagtailsnippets_certificates_certificatetemplate:history_results pk=certificate_template | EDITORS
wagtailsnippets_certificates_certificatetemplate:copy    pk=certificate_template | EDITORS
wagtailsnippets_certificates_certificatetemplate:preview_on_add             | EDITORS
wagtailsnippets_certificates_certificatetemplate:preview_on_edit  pk=certificate_template | EDITORS
wagtailsnippets_certificates_certificatetemplate:revisions_view    pk=certificate_template revision_id=template_revision | EDITORS
wagtailsnippets_certificates_certificatetemplate:revisions_revert  pk=certificate_template revision_id=template_revision | EDITORS
wagtailsnippets_certificates_certificatetemplate:revisions_compare pk=certificate_template | EDITORS
wagtailsnippetchoosers_certificates_certificatetemplate:choose           | EDITORS
wagtailsnippetchoosers_certificates_certificatetemplate:choose_results   | EDITORS
wagtailsnippetchoosers_certificates_certificatetemplate:chosen  pk=certificate_template | EDITORS
wagtailsnippetchoosers_certificates_certificatetemplate:chosen_multiple  | EDITORS
wagtailsnippetchoosers_certificates_certificatetemplate:create           | EDITORS
# Issued certificates: frozen (revoke and re-issue are explicit actions, certificate_admin).
wagtailsnippets_certificates_certificate:list                | SUPERUSER
wagtailsnippets_certificates_certificate:list_results        | SUPERUSER
wagtailsnippets_certificates_certificate:add                 | FROZEN
wagtailsnippets_certificates_certificate:add @post POST      | FROZEN
wagtailsnippets_certificates_certificate:edit             pk=certificate | FROZEN
wagtailsnippets_certificates_certificate:edit @post POST  pk=certificate | FROZEN
wagtailsnippets_certificates_certificate:delete           pk=certificate | FROZEN
wagtailsnippets_certificates_certificate:delete @post POST pk=certificate | FROZEN
wagtailsnippets_certificates_certificate:usage pk=certificate | FROZEN
wagtailsnippets_certificates_certificate:history pk=certificate | FROZEN
wagtailsnippets_certificates_certificate:history_results pk=certificate | FROZEN
wagtailsnippets_certificates_certificate:inspect          pk=certificate | SUPERUSER
# Choosing one: administrators any, HR officers their people's, trainers none.
wagtailsnippetchoosers_certificates_certificate:choose         | HR
wagtailsnippetchoosers_certificates_certificate:choose_results | HR
wagtailsnippetchoosers_certificates_certificate:chosen  pk=certificate | HR
wagtailsnippetchoosers_certificates_certificate:chosen @outside  pk=certificate_outside | login login login deny 200 404 200
wagtailsnippetchoosers_certificates_certificate:chosen_multiple | HR
wagtailsnippetchoosers_certificates_certificate:create         | FROZEN

# --- LMS admin: organisation (HR officers see their units only: 404 outside) ------------------
org_units:index                                              | HR
org_units:children             pk=unit                       | HR
org_units:children @outside    pk=unit_outside               | login login login deny 200 404 200
org_units:add_root                                           | SUPERUSER
org_units:add                                                | SUPERUSER
org_units:edit                 pk=unit                       | SUPERUSER
org_units:merge                pk=unit                       | SUPERUSER
org_units:merge @post POST     pk=unit                       | login login login deny deny deny 200
org_units:split                pk=unit                       | SUPERUSER
org_people:index                                             | HR
org_people:detail              pk=person                     | HR
org_people:detail @outside     pk=person_outside             | login login login deny 200 404 200
org_people:assign              pk=person                     | HR
org_people:assign @outside     pk=person_outside             | login login login deny 200 404 200
org_people:assign @outside_post POST  pk=person_outside      | login login login deny 200 404 200
# The sent log (lms.notifications): administrators only, read only.
sent_emails:index                                            | SUPERUSER
sent_emails:index_results                                    | SUPERUSER
sent_emails:inspect            pk=outbound_email             | SUPERUSER
org_imports:index                                            | HR
org_imports:new                                              | HR
org_imports:detail             pk=roster_import              | HR
org_imports:detail @outside    pk=roster_import_outside      | login login login deny 200 404 200
org_imports:rejected           pk=roster_import              | HR
org_imports:rejected @outside  pk=roster_import_outside      | login login login deny 200 404 200
org_imports:confirm            pk=roster_import              | ADMIN_POST_ONLY
org_imports:confirm @post POST pk=roster_import              | login login login deny 302 302 302
org_imports:confirm @outside POST  pk=roster_import_outside  | login login login deny 302 404 302
org_imports:cancel             pk=roster_import              | ADMIN_POST_ONLY
org_imports:cancel @outside POST   pk=roster_import_outside  | login login login deny 302 404 302
org_imports:invite             pk=roster_import              | HR
org_imports:invite @outside    pk=roster_import_outside      | login login login deny 200 404 200
org_imports:invite @post POST  pk=roster_import              | login login login deny 302 302 302
org_imports:invite @post_outside POST pk=roster_import_outside | login login login deny 302 404 302
org_population_import                                        | SUPERUSER
# Learners' requests to be linked to a record: decided by the HR officers of its unit.
org_link_requests:index                                      | HR
org_link_requests:approve      pk=link_request               | ADMIN_POST_ONLY
org_link_requests:approve @post POST  pk=link_request        | login login login deny 302 302 302
org_link_requests:approve @outside POST  pk=link_request_outside | login login login deny 302 404 302
org_link_requests:reject       pk=link_request               | ADMIN_POST_ONLY
org_link_requests:reject @post POST  pk=link_request         | login login login deny 302 302 302
org_link_requests:reject @outside POST  pk=link_request_outside | login login login deny 302 404 302
org_population_import @post POST                             | SUPERUSER
org_population_import_detail   pk=population_import          | SUPERUSER

# --- LMS admin: coverage and certificates -----------------------------------------------------
coverage:index                                               | HR
coverage:index @outside        ?unit={unit_outside}          | login login login deny 200 404 200
coverage:not_trained           ?target={target_code}         | HR
coverage:not_trained @outside  ?target={target_code}&unit={unit_outside} | login login login deny 200 404 200
coverage:not_trained @no_target                              | login login login deny 404 404 404
# Reminders (lms.reminders): an officer previews, then sends, to the untrained of their scope.
reminders:send                 ?target={target_code}         | HR
reminders:send @outside        ?target={target_code}&unit={unit_outside} | login login login deny 200 404 200
reminders:send @no_target                                    | login login login deny 404 404 404
reminders:send @post POST                                    | login login login deny 404 404 404
# Each target's reminder schedule: administrators.
wagtailsnippets_reminders_reminderschedule:list              | SUPERUSER
wagtailsnippets_reminders_reminderschedule:list_results      | SUPERUSER
wagtailsnippets_reminders_reminderschedule:add               | SUPERUSER
wagtailsnippets_reminders_reminderschedule:edit     pk=reminder_schedule | SUPERUSER
wagtailsnippets_reminders_reminderschedule:edit @post POST  pk=reminder_schedule | SUPERUSER
wagtailsnippets_reminders_reminderschedule:delete   pk=reminder_schedule | SUPERUSER
wagtailsnippets_reminders_reminderschedule:usage    pk=reminder_schedule | SUPERUSER
wagtailsnippets_reminders_reminderschedule:history  pk=reminder_schedule | SUPERUSER
wagtailsnippets_reminders_reminderschedule:history_results  pk=reminder_schedule | SUPERUSER
wagtailsnippets_reminders_reminderschedule:copy     pk=reminder_schedule | SUPERUSER
wagtailsnippetchoosers_reminders_reminderschedule:choose     | SUPERUSER
wagtailsnippetchoosers_reminders_reminderschedule:choose_results | SUPERUSER
wagtailsnippetchoosers_reminders_reminderschedule:chosen  pk=reminder_schedule | SUPERUSER
wagtailsnippetchoosers_reminders_reminderschedule:chosen_multiple | SUPERUSER
wagtailsnippetchoosers_reminders_reminderschedule:create     | SUPERUSER
certificate_admin              pk=certificate                | SUPERUSER
certificate_admin @post POST   pk=certificate                | SUPERUSER
certificate_bulk                                             | HR
certificate_bulk @post POST                                  | HR
certificate_batch              pk=batch                      | SUPERUSER
# Bundles: their requester's (here hr.tanuyen's) and administrators'.
certificate_bundle             pk=bundle                     | login login login 404 404 200 200
certificate_bundle @outside    pk=bundle_outside             | login login login 404 200 404 200
certificate_bundle_download    pk=bundle                     | login login login 404 404 200 200
certificate_bundle_download @outside  pk=bundle_outside      | login login login 404 200 404 200

# --- LMS admin: site operations (administrators) ----------------------------------------------
home_heartbeat_send                                          | ADMIN_POST_ONLY
home_heartbeat_send @post POST                               | login login login deny deny deny 302
lms_plugins:index                                            | SUPERUSER
lms_plugins:toggle                                           | ADMIN_POST_ONLY
lms_plugins:toggle @post POST                                | login login login deny deny deny 302
# Two-factor sign-in: who has an app, and a reset for a lost phone (lms.mfa).
mfa_admin:index                                              | SUPERUSER
mfa_admin:reset                user_id=user                  | SUPERUSER
mfa_admin:reset @post POST     user_id=user                  | login login login deny deny deny 302
"""
