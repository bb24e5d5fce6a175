"""Demo courses in Vietnamese, written for the demo; the quiz is added where the quiz plugin is
installed. Each lesson is (title, [paragraphs]); each quiz question is
(question, [(answer, correct)], explanation)."""

COURSES = [
    {
        "slug": "dich-vu-cong-truc-tuyen",
        "title": "Sử dụng dịch vụ công trực tuyến và ứng dụng Bình Dương số",
        "summary": (
            "Nộp hồ sơ thủ tục hành chính trên mạng, theo dõi kết quả và dùng ứng dụng "
            "Bình Dương số: những kỹ năng giúp người dân và cán bộ tiết kiệm thời gian đi lại."
        ),
        "audiences": ("for_state_staff", "for_citizens"),
        "areas": ("information-data", "communication"),
        "minutes": 90,
        "unit": "HCM-SKHCN",
        "lessons": [
            (
                "Dịch vụ công trực tuyến là gì?",
                [
                    "Dịch vụ công trực tuyến cho phép người dân và doanh nghiệp thực hiện thủ tục "
                    "hành chính qua mạng thay vì đến trực tiếp cơ quan nhà nước.",
                    "Dịch vụ công trực tuyến toàn trình cho phép nộp hồ sơ, thanh toán lệ phí và "
                    "nhận kết quả hoàn toàn trên môi trường mạng.",
                ],
            ),
            (
                "Tài khoản định danh điện tử và đăng nhập",
                [
                    "Tài khoản định danh điện tử (VNeID) mức độ 2 giúp đăng nhập Cổng Dịch vụ công "
                    "quốc gia mà không cần tạo thêm tài khoản mới.",
                    "Không chia sẻ mật khẩu hay mã OTP với bất kỳ ai, kể cả người tự xưng là cán bộ.",
                ],
            ),
            (
                "Nộp hồ sơ và theo dõi kết quả",
                [
                    "Chọn đúng thủ tục, điền tờ khai điện tử, đính kèm bản chụp giấy tờ rõ nét "
                    "và kiểm tra lại trước khi nộp.",
                    "Mã hồ sơ được gửi qua tin nhắn hoặc thư điện tử; dùng mã này để tra cứu "
                    "tình trạng xử lý bất cứ lúc nào.",
                ],
            ),
            (
                "Ứng dụng Bình Dương số",
                [
                    "Ứng dụng Bình Dương số tập hợp thông tin, phản ánh hiện trường và dịch vụ công "
                    "của tỉnh trên điện thoại.",
                    "Phản ánh kèm ảnh và vị trí giúp cơ quan chức năng xử lý nhanh hơn.",
                ],
            ),
        ],
        "quiz": {
            "title": "Bài kiểm tra: dịch vụ công trực tuyến",
            "max_attempts": 3,
            "questions": [
                (
                    "Dịch vụ công trực tuyến toàn trình cho phép làm gì?",
                    [
                        ("Nộp hồ sơ, nộp lệ phí và nhận kết quả hoàn toàn qua mạng", True),
                        ("Chỉ xem thông tin về thủ tục", False),
                        ("Chỉ tải mẫu đơn về để in", False),
                    ],
                    "Toàn trình nghĩa là mọi bước đều thực hiện trên môi trường mạng.",
                ),
                (
                    "Ai được phép biết mã OTP của bạn?",
                    [
                        ("Cán bộ gọi điện hỗ trợ", False),
                        ("Không ai cả", True),
                        ("Người thân trong gia đình", False),
                    ],
                    "Mã OTP chỉ dành cho chính bạn; cán bộ thật không bao giờ hỏi mã này.",
                ),
                (
                    "Những việc nào giúp hồ sơ trực tuyến được xử lý nhanh?",
                    [
                        ("Chọn đúng thủ tục", True),
                        ("Đính kèm bản chụp giấy tờ rõ nét", True),
                        ("Nộp cùng một hồ sơ nhiều lần", False),
                    ],
                    "Hồ sơ đúng và rõ ràng ngay từ đầu không phải bổ sung.",
                ),
            ],
        },
    },
    {
        "slug": "chuyen-doi-so-co-quan-nha-nuoc",
        "title": "Chuyển đổi số trong cơ quan nhà nước",
        "summary": (
            "Những kiến thức nền tảng về chuyển đổi số cho cán bộ, công chức, viên chức: văn bản "
            "điện tử, chữ ký số, dữ liệu dùng chung và Trung tâm điều hành thông minh."
        ),
        "audiences": ("for_state_staff",),
        "areas": ("information-data", "problem-solving"),
        "minutes": 120,
        "unit": "HCM-UBND",
        "lessons": [
            (
                "Chuyển đổi số là gì?",
                [
                    "Chuyển đổi số là thay đổi cách làm việc dựa trên dữ liệu và công nghệ số, "
                    "không chỉ là đưa giấy tờ lên máy tính.",
                    "Mục tiêu là phục vụ người dân tốt hơn: nhanh hơn, minh bạch hơn, ít đi lại hơn.",
                ],
            ),
            (
                "Văn bản điện tử và chữ ký số",
                [
                    "Văn bản điện tử có chữ ký số hợp lệ có giá trị pháp lý như văn bản giấy.",
                    "Giữ thiết bị ký số cẩn thận và không giao mã PIN cho người khác.",
                ],
            ),
            (
                "Trung tâm điều hành thông minh (IOC)",
                [
                    "IOC tổng hợp dữ liệu từ nhiều ngành để lãnh đạo theo dõi tình hình và ra quyết định.",
                    "Dữ liệu chỉ có ích khi được cập nhật đúng, đủ và kịp thời ở từng đơn vị.",
                ],
            ),
        ],
        "quiz": {
            "title": "Bài kiểm tra: chuyển đổi số",
            "max_attempts": 3,
            "questions": [
                (
                    "Chuyển đổi số trước hết là gì?",
                    [
                        ("Thay đổi cách làm việc dựa trên dữ liệu và công nghệ số", True),
                        ("Mua thêm máy tính", False),
                        ("Scan toàn bộ hồ sơ giấy", False),
                    ],
                    "Công nghệ là công cụ; thay đổi cách làm việc mới là cốt lõi.",
                ),
                (
                    "Văn bản điện tử có chữ ký số hợp lệ có giá trị thế nào?",
                    [
                        ("Như văn bản giấy", True),
                        ("Chỉ để tham khảo", False),
                    ],
                    "",
                ),
                (
                    "Điều gì giúp dữ liệu của IOC có ích?",
                    [
                        ("Cập nhật đúng, đủ và kịp thời", True),
                        ("Chỉ cập nhật cuối năm", False),
                        ("Mỗi đơn vị giữ dữ liệu riêng", False),
                    ],
                    "",
                ),
            ],
        },
    },
    {
        "slug": "an-toan-thong-tin-co-ban",
        "title": "An toàn thông tin cơ bản",
        "summary": (
            "Mật khẩu mạnh, xác thực hai lớp, nhận diện lừa đảo trực tuyến và bảo vệ dữ liệu cá "
            "nhân: những thói quen an toàn cho mọi người."
        ),
        "audiences": ("for_state_staff", "for_citizens"),
        "areas": ("safety",),
        "minutes": 60,
        "unit": "HCM-SKHCN",
        "lessons": [
            (
                "Mật khẩu mạnh và xác thực hai lớp",
                [
                    "Mật khẩu mạnh dài ít nhất 12 ký tự và không dùng lại ở nhiều nơi.",
                    "Bật xác thực hai lớp để kẻ gian không đăng nhập được dù biết mật khẩu.",
                ],
            ),
            (
                "Nhận diện lừa đảo trực tuyến",
                [
                    "Cẩn thận với tin nhắn hối thúc chuyển tiền, đường dẫn lạ hoặc yêu cầu cài ứng dụng.",
                    "Khi nghi ngờ, gọi lại số điện thoại chính thức của cơ quan để kiểm tra.",
                ],
            ),
            (
                "Bảo vệ dữ liệu cá nhân",
                [
                    "Số định danh cá nhân, ảnh giấy tờ và thông tin sức khoẻ là dữ liệu cá nhân cần bảo vệ.",
                    "Chỉ cung cấp dữ liệu cá nhân khi biết rõ ai thu thập, để làm gì và bạn đã đồng ý.",
                ],
            ),
        ],
        "quiz": {
            "title": "Bài kiểm tra: an toàn thông tin",
            "max_attempts": None,
            "questions": [
                (
                    "Mật khẩu nào an toàn nhất?",
                    [
                        ("123456", False),
                        ("Ngày sinh của bạn", False),
                        ("Một cụm từ dài, riêng cho từng tài khoản", True),
                    ],
                    "Độ dài và không dùng lại quan trọng hơn ký tự đặc biệt.",
                ),
                (
                    "Tin nhắn yêu cầu chuyển tiền gấp vì người thân gặp nạn, bạn nên:",
                    [
                        ("Chuyển ngay", False),
                        ("Gọi trực tiếp cho người thân để kiểm tra", True),
                    ],
                    "",
                ),
                (
                    "Những thông tin nào là dữ liệu cá nhân?",
                    [
                        ("Số định danh cá nhân", True),
                        ("Ảnh căn cước", True),
                        ("Giờ làm việc của bộ phận một cửa", False),
                    ],
                    "",
                ),
            ],
        },
    },
    {
        "slug": "ky-nang-so-can-bo-chuyen-trach",
        "title": "Kỹ năng số cho cán bộ chuyên trách CNTT, chuyển đổi số",
        "summary": (
            "Quản trị dữ liệu, an toàn hệ thống và ứng dụng trí tuệ nhân tạo có trách nhiệm: "
            "chương trình bồi dưỡng cho đội ngũ chuyên trách."
        ),
        "audiences": ("for_it_officers",),
        "areas": ("information-data", "safety", "applying-ai"),
        "minutes": 180,
        "unit": "HCM-SKHCN",
        "lessons": [
            (
                "Quản trị dữ liệu",
                [
                    "Dữ liệu dùng chung cần có chủ quản, danh mục, chuẩn dữ liệu và quy trình cập nhật.",
                    "Chia sẻ dữ liệu qua nền tảng tích hợp thay vì gửi tệp thủ công.",
                ],
            ),
            (
                "An toàn hệ thống thông tin",
                [
                    "Cập nhật bản vá, sao lưu định kỳ và thử khôi phục dữ liệu.",
                    "Phân quyền tối thiểu: mỗi tài khoản chỉ có quyền cần cho công việc.",
                ],
            ),
            (
                "Ứng dụng trí tuệ nhân tạo có trách nhiệm",
                [
                    "Trí tuệ nhân tạo hỗ trợ tóm tắt, soạn thảo và tra cứu, nhưng người dùng phải kiểm tra kết quả.",
                    "Không đưa dữ liệu cá nhân hay tài liệu mật vào công cụ AI công cộng.",
                ],
            ),
        ],
        "quiz": {
            "title": "Bài kiểm tra: kỹ năng chuyên trách",
            "max_attempts": 2,
            "questions": [
                (
                    "Nguyên tắc phân quyền nào an toàn nhất?",
                    [
                        ("Quyền tối thiểu cần cho công việc", True),
                        ("Mọi người đều là quản trị viên", False),
                    ],
                    "",
                ),
                (
                    "Sao lưu chỉ thực sự có giá trị khi:",
                    [
                        ("Đã thử khôi phục thành công", True),
                        ("Được lưu trên cùng máy chủ", False),
                    ],
                    "",
                ),
                (
                    "Khi dùng công cụ AI công cộng, bạn không được:",
                    [
                        ("Đưa vào dữ liệu cá nhân của người dân", True),
                        ("Đưa vào tài liệu mật", True),
                        ("Nhờ gợi ý cách diễn đạt một thông báo công khai", False),
                    ],
                    "",
                ),
            ],
        },
    },
]
